import type { ExchangeRates } from '@ctp/contracts';
import type { EventStore } from '@ctp/event-store';
import type { TimerStore } from '@ctp/timers';

export interface FeedbackDeps {
  /** Encrypts and decrypts the personal fields (free-text answers, notes) with the customer's key. */
  readonly store: EventStore;
  /** The same events as stored, not decrypted: for reads that need no personal data. */
  readonly history: EventStore;
  readonly timers: TimerStore;
  readonly rates: ExchangeRates;
  readonly timeZone: string;
  /** The service's clock: the real one in main.ts, a fixed one in tests. */
  readonly clock: () => Date;
}
