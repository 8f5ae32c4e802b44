import type { TimerStore } from '@ctp/timers';
import type { TieringDeps } from '../tiering-deps.js';

/** Lifecycle stages keep their own timers table: their daily checks never queue behind tier reviews. */
export interface LifecycleDeps extends TieringDeps {
  readonly lifecycleTimers: TimerStore;
}

/** One rules document per deployment, like the tier policy's default id. */
export const lifecycleRulesId = 'default';
