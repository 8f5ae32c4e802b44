import type { RecordedEvent } from '@ctp/contracts';
import { isoDateIn, nextReviewDate } from '@ctp/calendar';
import { decide } from '../domain/decide.js';
import { withdrawalOf } from '../domain/withdraw.js';
import { customerIdOf, isCustomerStream, loadHistories, ownHistory } from '../history/customer-history.js';
import type { CustomerHistory } from '../domain/metrics.js';
import { measure } from '../policy/measure.js';
import { loadPolicyVersions, policyAt, type PublishedPolicy } from '../policy/policy-stream.js';
import { tieringActor, withTierStream, type DecisionContext } from '../tiers/tier-stream.js';
import { scheduleReviews, type Review } from '../timers.js';
import type { TieringDeps } from '../tiering-deps.js';
import { scheduleTimersFrom } from './timers-from-events.js';

/**
 * A customer's facts changed: decide on the facts as they stand now. A trigger delivered again
 * (a crash before its offset was committed) is skipped when its decision is on the tier stream, and
 * otherwise judges today's facts, never an older view that a later review may already have
 * overruled. The event's id is the decision's cause. An id without a history of its own is either
 * not registered yet, merged away or erased: the last two withdraw its tier.
 */
async function reassessCustomer(deps: TieringDeps, policies: readonly PublishedPolicy[], trigger: RecordedEvent, history: CustomerHistory | null): Promise<Review | null> {
  const customerId = customerIdOf(trigger.streamId);
  const now = deps.clock().getTime();
  const context: DecisionContext = { causationId: trigger.id, correlationId: trigger.correlationId, occurredAt: new Date(now).toISOString(), actor: tieringActor, traceparent: trigger.traceparent };
  if (!history) {
    await withdrawIfGone(deps, customerId, trigger.revision, context);
    return null;
  }
  const policy = policyAt(policies, now);
  if (!policy) return null;
  const values = measure(history, policy, now, deps);
  const snapshotDate = isoDateIn(now, deps.timeZone);
  await withTierStream(deps.store, customerId, context, (state) => decide({ kind: 'reassess', reason: 'facts_changed', customerId, snapshotDate, policy, values }, state));
  return { customerId, reviewDate: nextReviewDate(policy.reviewCadence, snapshotDate) };
}

async function withdrawIfGone(deps: TieringDeps, customerId: string, revision: number, context: DecisionContext): Promise<void> {
  const withdrawal = withdrawalOf(await ownHistory(deps.history, customerId, revision));
  if (!withdrawal) return;
  await withTierStream(deps.store, customerId, context, (state) => decide({ kind: 'withdraw', customerId, ...withdrawal }, state));
}

/** The topics the reactor reads: customer facts to reassess on, and the events that schedule timers. */
export const reactorCategories = ['customer', 'tier', 'tierPolicy'] as const;

/**
 * One partition's batch: each customer is reassessed once, at its last event in the batch, with the policies read
 * once and the histories of eight customers at a time read together; the next reviews scheduled together.
 */
export async function reactToEvents(deps: TieringDeps, events: readonly RecordedEvent[], heartbeat: () => Promise<void>): Promise<void> {
  const lastPerCustomer = new Map<string, RecordedEvent>();
  for (const event of events) {
    if (isCustomerStream(event.streamId)) lastPerCustomer.set(event.streamId, event);
    else await scheduleTimersFrom(deps, event);
  }
  const triggers = [...lastPerCustomer.values()];
  if (triggers.length === 0) return;
  const policies = await loadPolicyVersions(deps.store, deps.policyId);
  const reviews: Review[] = [];
  for (let i = 0; i < triggers.length; i += 8) {
    const slice = triggers.slice(i, i + 8);
    const histories = await loadHistories(deps.history, slice.map(({ streamId }) => customerIdOf(streamId)));
    const reviewed = await Promise.all(slice.map((trigger) => reassessCustomer(deps, policies, trigger, histories.get(customerIdOf(trigger.streamId))!)));
    reviews.push(...reviewed.filter((review) => review !== null));
    await heartbeat();
  }
  // After the decisions, before the batch is committed: a crash between them delivers the batch again, which schedules them again.
  await scheduleReviews(deps, reviews);
}
