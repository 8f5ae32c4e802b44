import type { TierEvent } from '@ctp/contracts';
import { explanationOf, type Assessment } from './assessment.js';
import { daysBetween, nextReviewDate, type IsoDate } from '@ctp/calendar';
import { neededToKeep } from './needed.js';
import type { TierPolicy } from './policy.js';
import { roundScore, tierRank } from './score.js';
import type { TierState } from './state.js';

type Assigned = Extract<TierState, { status: 'assigned' }>;

/**
 * At a review, a customer scoring below their tier's minScore less the hysteresis gap is warned; the
 * downgrade is confirmed once `confirmationReviews` consecutive reviews found them below and at least
 * `noticeDays` passed since the first warning. Reviews count as consecutive when none was scheduled in
 * between, so a review that finds the customer recovered (and records nothing) restarts the count. A
 * review dated on or before the tier's own decision was already counted in it (a redelivered review
 * that moved the customer one step must not start the next count on the same date).
 */
export function reviewDowngrade(assessment: Assessment, state: Assigned): TierEvent[] {
  const { customerId, policy, scored, snapshotDate: reviewDate } = assessment;
  const { downgrade } = policy;
  const currentRank = tierRank(state.computedTier, policy);
  const keepScore = roundScore(Math.max(0, policy.tiers[currentRank]!.minScore - downgrade.hysteresisGap));
  if (scored.score >= keepScore || reviewDate <= state.computedSince) return [];
  const pending = state.pendingDowngrade;
  if (pending && reviewDate <= pending.lastReviewBelow) return [];
  const consecutive = pending !== null && reviewDate <= nextReviewDate(policy.reviewCadence, pending.lastReviewBelow);
  const reviewsBelow = consecutive ? pending.reviewsBelow + 1 : 1;
  const firstWarnedOn = consecutive ? pending.firstWarnedOn : reviewDate;
  const computedRank = tierRank(scored.tier, policy);
  const projectedRank = Math.min(computedRank, currentRank + downgrade.maxStepsDown);
  const projectedTier = policy.tiers[projectedRank]!.tier;
  const noticed = daysBetween(firstWarnedOn, reviewDate) >= downgrade.noticeDays;
  if (reviewsBelow >= downgrade.confirmationReviews && noticed) {
    const data = {
      customerId,
      from: state.computedTier,
      to: projectedTier,
      direction: 'downgrade' as const,
      rule: projectedRank === computedRank ? ('downgrade_confirmed' as const) : ('downgrade_step_limited' as const),
      ...explanationOf(assessment),
    };
    return [{ type: 'TierChanged', data }];
  }
  const data = {
    customerId,
    tier: state.computedTier,
    projectedTier,
    score: scored.score,
    keepScore,
    reviewsBelow,
    reviewsToConfirm: downgrade.confirmationReviews,
    snapshotDate: reviewDate,
    confirmOn: confirmOn(policy, reviewDate, reviewsBelow, firstWarnedOn),
    needed: neededToKeep(assessment.values, policy, keepScore),
    policyId: policy.policyId,
    policyVersion: policy.policyVersion,
  };
  return [{ type: 'TierDowngradeWarned', data }];
}

/** The review at which the downgrade is confirmed unless the score recovers. */
function confirmOn(policy: TierPolicy, reviewDate: IsoDate, reviewsBelow: number, firstWarnedOn: IsoDate): IsoDate {
  let date = reviewDate;
  let reviewsToGo = Math.max(policy.downgrade.confirmationReviews - reviewsBelow, 1);
  while (reviewsToGo > 0 || daysBetween(firstWarnedOn, date) < policy.downgrade.noticeDays) {
    date = nextReviewDate(policy.reviewCadence, date);
    reviewsToGo -= 1;
  }
  return date;
}
