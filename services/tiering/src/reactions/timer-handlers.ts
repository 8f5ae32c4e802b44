import type { Timer } from '@ctp/timers';
import { nextReviewDate, startOfDay } from '../domain/calendar.js';
import { decide } from '../domain/decide.js';
import { loadAllHistories, loadHistory } from '../history/customer-history.js';
import { measure } from '../policy/measure.js';
import { tieringActor, withTierStream } from '../tiers/tier-stream.js';
import { policyInForce, scheduleReview, timerKinds, type TieringDeps } from './tiering-deps.js';

const contextOf = (timer: Timer, occurredAt: Date) => ({ causationId: timer.id, correlationId: timer.id, occurredAt: occurredAt.toISOString(), actor: tieringActor });

/** A scheduled review, as of the start of its date: the only moment a downgrade is warned of or confirmed. */
async function review(deps: TieringDeps, timer: Timer): Promise<void> {
  const { customerId, reviewDate } = timer.payload as { customerId: string; reviewDate: string };
  const asOf = startOfDay(reviewDate);
  const [history, policy] = await Promise.all([loadHistory(deps.store, customerId), policyInForce(deps, asOf)]);
  if (!history || !policy) return;
  const values = measure(history, policy, asOf, deps.rates);
  await withTierStream(deps.store, customerId, contextOf(timer, new Date(asOf)), (state) => decide({ kind: 'review', customerId, reviewDate, policy, values }, state));
  await scheduleReview(deps, customerId, nextReviewDate(policy.reviewCadence, reviewDate));
}

async function expireOverride(deps: TieringDeps, timer: Timer): Promise<void> {
  const { customerId, overrideId } = timer.payload as { customerId: string; overrideId: string };
  await withTierStream(deps.store, customerId, contextOf(timer, timer.dueAt), (state) => decide({ kind: 'expire_override', customerId, overrideId, now: timer.dueAt }, state));
}

/** A new policy version came into force: every customer is reassessed under it (upgrades at once). */
async function rollOut(deps: TieringDeps, timer: Timer): Promise<void> {
  const asOf = timer.dueAt.getTime();
  const policy = await policyInForce(deps, asOf);
  if (!policy) return;
  for (const history of await loadAllHistories(deps.store, asOf)) {
    const values = measure(history, policy, asOf, deps.rates);
    const customerId = history.customerId;
    await withTierStream(deps.store, customerId, contextOf(timer, timer.dueAt), (state) => decide({ kind: 'reassess', reason: 'policy_published', customerId, now: timer.dueAt, policy, values }, state));
  }
}

export function timerHandler(deps: TieringDeps) {
  return async (timer: Timer): Promise<void> => {
    if (timer.kind === timerKinds.review) return review(deps, timer);
    if (timer.kind === timerKinds.overrideExpiry) return expireOverride(deps, timer);
    if (timer.kind === timerKinds.rollout) return rollOut(deps, timer);
    throw new Error(`no handler for timer kind ${timer.kind}`);
  };
}
