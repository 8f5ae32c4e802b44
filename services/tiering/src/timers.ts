import { entityIdSchema, isoDateSchema } from '@ctp/contracts';
import { defineTimerKind, scheduleTimer, scheduleTimers, timerRegistry, type Timer } from '@ctp/timers';
import { nextReviewDate, startOfDayIn } from '@ctp/calendar';
import { z } from 'zod';
import { decide } from './domain/decide.js';
import type { TierPolicy } from './domain/policy.js';
import { loadHistory } from './history/customer-history.js';
import { measure } from './policy/measure.js';
import { rollOut } from './rollout/rollout.js';
import { policyInForce, type TieringDeps } from './tiering-deps.js';
import { tieringActor, withTierStream } from './tiers/tier-stream.js';

export const timerKinds = { review: 'tier-review', overrideExpiry: 'tier-override-expiry', rollout: 'tier-policy-rollout' } as const;

const reviewPayload = z.object({ customerId: entityIdSchema, reviewDate: isoDateSchema });
const overrideExpiryPayload = z.object({ customerId: entityIdSchema, overrideId: entityIdSchema });
const rolloutPayload = z.object({ policyVersion: z.number().int().positive() });

const reviewTimer = defineTimerKind<TieringDeps, z.infer<typeof reviewPayload>>({
  kind: timerKinds.review,
  payload: reviewPayload,
  handle: ({ deps, payload, timer }) => review(deps, payload, timer),
});

const overrideExpiryTimer = defineTimerKind<TieringDeps, z.infer<typeof overrideExpiryPayload>>({
  kind: timerKinds.overrideExpiry,
  payload: overrideExpiryPayload,
  handle: ({ deps, payload, timer }) => expireOverride(deps, payload, timer),
});

const rolloutTimer = defineTimerKind<TieringDeps, z.infer<typeof rolloutPayload>>({
  kind: timerKinds.rollout,
  payload: rolloutPayload,
  handle: ({ deps, payload, timer }) => rollOut(deps, { id: timer.id, dueAt: timer.dueAt, policyVersion: payload.policyVersion }),
});

/** The worker dispatches through these; a timer of another kind, or with a payload its kind refuses, is parked. */
export const tieringTimers = timerRegistry<TieringDeps>([reviewTimer, overrideExpiryTimer, rolloutTimer]);

/**
 * One review per customer and date, due when that date begins in the business time zone: scheduling it
 * again is a no-op, and a fired one never fires twice.
 */
export async function scheduleReview(deps: TieringDeps, customerId: string, reviewDate: string): Promise<void> {
  await scheduleTimer(deps.timers, reviewTimer, reviewOf(deps, { customerId, reviewDate }));
}

export type Review = z.infer<typeof reviewPayload>;

/** `scheduleReview` for several customers in one statement. */
export async function scheduleReviews(deps: TieringDeps, reviews: readonly Review[]): Promise<void> {
  await scheduleTimers(deps.timers, reviewTimer, reviews.map((review) => reviewOf(deps, review)));
}

const reviewOf = (deps: Pick<TieringDeps, 'timeZone'>, { customerId, reviewDate }: Review) => ({
  id: `${timerKinds.review}:${customerId}:${reviewDate}`,
  dueAt: new Date(startOfDayIn(reviewDate, deps.timeZone)),
  payload: { customerId, reviewDate },
});

/** An override ends when it expires: one timer per override. */
export async function scheduleOverrideExpiry(deps: TieringDeps, override: { customerId: string; overrideId: string; expiresAt: string }): Promise<void> {
  const { customerId, overrideId, expiresAt } = override;
  await scheduleTimer(deps.timers, overrideExpiryTimer, { id: `${timerKinds.overrideExpiry}:${overrideId}`, dueAt: new Date(expiresAt), payload: { customerId, overrideId } });
}

/**
 * A published version's rollout, due when the version comes into force (or when it was published, if
 * that is later). One per version: publishing it again (a replay) schedules nothing new, and a fired
 * rollout never fires again.
 */
export async function scheduleRollout(deps: TieringDeps, policy: TierPolicy, publishedAt: string): Promise<void> {
  const dueAt = new Date(Math.max(Date.parse(publishedAt), Date.parse(policy.effectiveFrom)));
  await scheduleTimer(deps.timers, rolloutTimer, { id: `${timerKinds.rollout}:${policy.policyId}:${policy.policyVersion}`, dueAt, payload: { policyVersion: policy.policyVersion } });
}

const contextOf = (timer: Timer, occurredAt: Date) => ({ causationId: timer.id, correlationId: timer.id, occurredAt: occurredAt.toISOString(), actor: tieringActor });

/**
 * A scheduled review, as of the start of its date in the business time zone: the only moment a downgrade
 * is warned of or confirmed. An id merged away or erased meanwhile has no history: its reviews end here.
 */
async function review(deps: TieringDeps, { customerId, reviewDate }: z.infer<typeof reviewPayload>, timer: Timer): Promise<void> {
  const asOf = startOfDayIn(reviewDate, deps.timeZone);
  const [history, policy] = await Promise.all([loadHistory(deps.history, customerId), policyInForce(deps, asOf)]);
  if (!history || !policy) return;
  const values = measure(history, policy, asOf, deps);
  await withTierStream(deps.store, customerId, contextOf(timer, new Date(asOf)), (state) => decide({ kind: 'review', customerId, reviewDate, policy, values }, state));
  await scheduleReview(deps, customerId, nextReviewDate(policy.reviewCadence, reviewDate));
}

async function expireOverride(deps: TieringDeps, { customerId, overrideId }: z.infer<typeof overrideExpiryPayload>, timer: Timer): Promise<void> {
  await withTierStream(deps.store, customerId, contextOf(timer, timer.dueAt), (state) => decide({ kind: 'expire_override', customerId, overrideId, now: timer.dueAt }, state));
}
