import type { Timer } from '@ctp/timers';
import { nextReviewDate, startOfDayIn } from '@ctp/calendar';
import { decide } from './domain/decide.js';
import type { TierPolicy } from './domain/policy.js';
import { loadHistory } from './history/customer-history.js';
import { measure } from './policy/measure.js';
import { rollOut } from './rollout/rollout.js';
import { policyInForce, type TieringDeps } from './tiering-deps.js';
import { tieringActor, withTierStream } from './tiers/tier-stream.js';

export const timerKinds = { review: 'tier-review', overrideExpiry: 'tier-override-expiry', rollout: 'tier-policy-rollout' } as const;

/**
 * One review per customer and date, due when that date begins in the business time zone: scheduling it
 * again is a no-op, and a fired one never fires twice.
 */
export async function scheduleReview(deps: TieringDeps, customerId: string, reviewDate: string): Promise<void> {
  const dueAt = new Date(startOfDayIn(reviewDate, deps.timeZone));
  await deps.timers.schedule({ id: `${timerKinds.review}:${customerId}:${reviewDate}`, kind: timerKinds.review, dueAt, payload: { customerId, reviewDate } });
}

/** An override ends when it expires: one timer per override. */
export async function scheduleOverrideExpiry(deps: TieringDeps, override: { customerId: string; overrideId: string; expiresAt: string }): Promise<void> {
  const { customerId, overrideId, expiresAt } = override;
  await deps.timers.schedule({ id: `${timerKinds.overrideExpiry}:${overrideId}`, kind: timerKinds.overrideExpiry, dueAt: new Date(expiresAt), payload: { customerId, overrideId } });
}

/**
 * A published version's rollout, due when the version comes into force (or when it was published, if
 * that is later). One per version: publishing it again (a replay) schedules nothing new, and a fired
 * rollout never fires again.
 */
export async function scheduleRollout(deps: TieringDeps, policy: TierPolicy, publishedAt: string): Promise<void> {
  const dueAt = new Date(Math.max(Date.parse(publishedAt), Date.parse(policy.effectiveFrom)));
  await deps.timers.schedule({ id: `${timerKinds.rollout}:${policy.policyId}:${policy.policyVersion}`, kind: timerKinds.rollout, dueAt, payload: { policyVersion: policy.policyVersion } });
}

const contextOf = (timer: Timer, occurredAt: Date) => ({ causationId: timer.id, correlationId: timer.id, occurredAt: occurredAt.toISOString(), actor: tieringActor });

/**
 * A scheduled review, as of the start of its date in the business time zone: the only moment a downgrade
 * is warned of or confirmed. An id merged away or erased meanwhile has no history: its reviews end here.
 */
async function review(deps: TieringDeps, timer: Timer): Promise<void> {
  const { customerId, reviewDate } = timer.payload as { customerId: string; reviewDate: string };
  const asOf = startOfDayIn(reviewDate, deps.timeZone);
  const [history, policy] = await Promise.all([loadHistory(deps.history, customerId), policyInForce(deps, asOf)]);
  if (!history || !policy) return;
  const values = measure(history, policy, asOf, deps);
  await withTierStream(deps.store, customerId, contextOf(timer, new Date(asOf)), (state) => decide({ kind: 'review', customerId, reviewDate, policy, values }, state));
  await scheduleReview(deps, customerId, nextReviewDate(policy.reviewCadence, reviewDate));
}

async function expireOverride(deps: TieringDeps, timer: Timer): Promise<void> {
  const { customerId, overrideId } = timer.payload as { customerId: string; overrideId: string };
  await withTierStream(deps.store, customerId, contextOf(timer, timer.dueAt), (state) => decide({ kind: 'expire_override', customerId, overrideId, now: timer.dueAt }, state));
}

export function timerHandler(deps: TieringDeps) {
  return async (timer: Timer): Promise<void> => {
    if (timer.kind === timerKinds.review) return review(deps, timer);
    if (timer.kind === timerKinds.overrideExpiry) return expireOverride(deps, timer);
    if (timer.kind === timerKinds.rollout) return rollOut(deps, { id: timer.id, dueAt: timer.dueAt, ...(timer.payload as { policyVersion: number }) });
    throw new Error(`no handler for timer kind ${timer.kind}`);
  };
}
