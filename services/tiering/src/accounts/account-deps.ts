import type { TimerStore } from '@ctp/timers';
import type { Db } from 'mongodb';
import type { TieringDeps } from '../tiering-deps.js';

export interface AccountDeps extends TieringDeps {
  /** Release timers (table `tiering_account_timers`). */
  readonly accountTimers: TimerStore;
  /** The `tiering-accounts` read model: managers' loads and portfolios. */
  readonly accountReads: { readonly db: Db };
}
