import type { TimerStore } from '@ctp/timers';
import type { ReadModel } from '@ctp/service-kit';
import type { Db } from 'mongodb';
import type { TieringDeps } from '../tiering-deps.js';

export interface AccountDeps extends TieringDeps {
  /** Release timers (table `tiering_account_timers`). */
  readonly accountTimers: TimerStore;
  /** The `tiering-accounts` read model: managers' loads and portfolios. */
  readonly accountReads: { readonly db: Db };
  /** The `tiering-tiers` read model: the customers a new roster may owe a manager. */
  readonly tierReads: Pick<ReadModel, 'db' | 'runtime'>;
}
