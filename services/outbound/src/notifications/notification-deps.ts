import type { EventStore } from '@ctp/event-store';
import type { TimerStore } from '@ctp/timers';
import type { ChatPoster } from './chat-webhook.js';
import type { Mailer } from './mailer.js';
import type { NotificationStore } from './notification-store.js';

export interface NotificationDeps {
  /** The events as stored: a case's owner is read from its stream, a recipient's calendar from sla's. */
  readonly history: EventStore;
  readonly timers: TimerStore;
  readonly notifications: NotificationStore;
  readonly mailer: Mailer;
  readonly chat: ChatPoster;
  readonly clock: () => Date;
}
