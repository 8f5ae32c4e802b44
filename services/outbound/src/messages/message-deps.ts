import type { CustomerChannelName, MessageLocale } from '@ctp/contracts';
import type { EventStore } from '@ctp/event-store';
import type { TimerStore } from '@ctp/timers';
import type { FrequencyCaps } from '../domain/messages/frequency-cap.js';
import type { QuietHours } from '../domain/messages/quiet-hours.js';
import type { RetrySettings } from '../domain/webhooks/retry-plan.js';
import type { CustomerChannel } from './customer-channel.js';

export interface MessageDeps {
  /** Decrypts the customer's contact fields (an erased customer's read "[erased]"); appends the message events. */
  readonly store: EventStore;
  readonly timers: TimerStore;
  readonly channels: ReadonlyMap<CustomerChannelName, CustomerChannel>;
  readonly retry: RetrySettings;
  readonly defaultLocale: MessageLocale;
  /** No message is sent in these hours of the time zone (null: none); an attempt waits for their end. */
  readonly quiet: { readonly hours: QuietHours | null; readonly timeZone: string };
  readonly frequencyCaps: FrequencyCaps;
  readonly unsubscribe: { readonly secret: string; readonly baseUrl: string; readonly ttlDays: number };
  /** The survey answer page an invitation links to: the invitation id is appended. */
  readonly surveyLinkBase: string;
  readonly clock: () => Date;
}
