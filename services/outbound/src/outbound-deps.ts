import type { EventStore } from '@ctp/event-store';
import type { TimerStore } from '@ctp/timers';
import type { RetrySettings } from './domain/webhooks/retry-plan.js';
import type { DeliveryQueue } from './webhooks/delivery-queue.js';

export interface OutboundDeps {
  /** Seals and opens the subscriptions' secrets with their own data keys. */
  readonly store: EventStore;
  /** The same events as stored, not decrypted. */
  readonly history: EventStore;
  readonly timers: TimerStore;
  readonly deliveries: DeliveryQueue;
  readonly retry: RetrySettings;
  readonly timeoutMs: number;
  readonly clock: () => Date;
}
