import type { EventStore } from '@ctp/event-store';
import type { TimerStore } from '@ctp/timers';
import type { TierPolicy } from './domain/policy.js';
import type { Measuring } from './policy/measure.js';
import { loadPolicyVersions, policyAt } from './policy/policy-stream.js';

export interface TieringDeps extends Measuring {
  readonly store: EventStore;
  /** The same events as stored, not decrypted: customer histories need no personal data. */
  readonly history: EventStore;
  readonly timers: TimerStore;
  readonly policyId: string;
  /** The service's clock: the real one in main.ts, a fixed one in tests. */
  readonly clock: () => Date;
}

export async function policyInForce(deps: TieringDeps, at: number): Promise<TierPolicy | null> {
  return policyAt(await loadPolicyVersions(deps.store, deps.policyId), at);
}
