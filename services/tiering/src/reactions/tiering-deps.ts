import type { ExchangeRates } from '@ctp/contracts';
import type { EventStore } from '@ctp/event-store';
import type { TimerStore } from '@ctp/timers';
import type { TierPolicy } from '../domain/policy.js';
import { loadPolicyVersions, policyAt } from '../policy/policy-stream.js';

export interface TieringDeps {
  readonly store: EventStore;
  readonly timers: TimerStore;
  readonly rates: ExchangeRates;
  readonly policyId: string;
}

export async function policyInForce(deps: TieringDeps, at: number): Promise<TierPolicy | null> {
  return policyAt(await loadPolicyVersions(deps.store, deps.policyId), at);
}

export const timerKinds = { review: 'tier-review', overrideExpiry: 'tier-override-expiry', rollout: 'tier-policy-rollout' } as const;

/** One review per customer and date: scheduling it again is a no-op, and a fired one never fires twice. */
export async function scheduleReview(deps: TieringDeps, customerId: string, reviewDate: string): Promise<void> {
  await deps.timers.schedule({ id: `${timerKinds.review}:${customerId}:${reviewDate}`, kind: timerKinds.review, dueAt: new Date(`${reviewDate}T00:00:00Z`), payload: { customerId, reviewDate } });
}
