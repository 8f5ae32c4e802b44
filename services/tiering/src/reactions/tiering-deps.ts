import type { EventStore } from '@ctp/event-store';
import type { TimerStore } from '@ctp/timers';
import { startOfDayIn } from '@ctp/calendar';
import type { TierPolicy } from '../domain/policy.js';
import type { Measuring } from '../policy/measure.js';
import { loadPolicyVersions, policyAt } from '../policy/policy-stream.js';

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

export const timerKinds = { review: 'tier-review', overrideExpiry: 'tier-override-expiry', rollout: 'tier-policy-rollout' } as const;

/**
 * One review per customer and date, due when that date begins in the business time zone: scheduling it
 * again is a no-op, and a fired one never fires twice.
 */
export async function scheduleReview(deps: TieringDeps, customerId: string, reviewDate: string): Promise<void> {
  const dueAt = new Date(startOfDayIn(reviewDate, deps.timeZone));
  await deps.timers.schedule({ id: `${timerKinds.review}:${customerId}:${reviewDate}`, kind: timerKinds.review, dueAt, payload: { customerId, reviewDate } });
}
