import type { EventStore } from '@ctp/event-store';
import type { TimerStore } from '@ctp/timers';
import type { Mailer } from './mailer.js';
import type { NotificationStore } from './notification-store.js';

export interface NotificationDeps {
  /** The events as stored: a case's owner is read from its stream. */
  readonly history: EventStore;
  readonly timers: TimerStore;
  readonly notifications: NotificationStore;
  readonly mailer: Mailer;
  readonly clock: () => Date;
}
