import type { RecordedEvent } from '@ctp/contracts';
import { isoDateOf, nextReviewDate } from '../domain/calendar.js';
import { decide } from '../domain/decide.js';
import { customerIdOf, isCustomerStream, loadHistory } from '../history/customer-history.js';
import { measure } from '../policy/measure.js';
import { tieringActor, withTierStream } from '../tiers/tier-stream.js';
import { policyInForce, scheduleReview, timerKinds, type TieringDeps } from './tiering-deps.js';

/**
 * A customer's facts changed: decide on the stream as it stood at that event, as of when it was
 * recorded, so that a redelivered event decides the same. The event's id is the decision's cause.
 */
export async function reassessCustomer(deps: TieringDeps, trigger: RecordedEvent): Promise<void> {
  const customerId = customerIdOf(trigger.streamId);
  const asOf = Date.parse(trigger.recordedAt);
  const [history, policy] = await Promise.all([loadHistory(deps.store, customerId, trigger.revision), policyInForce(deps, asOf)]);
  if (!history || !policy) return;
  const values = measure(history, policy, asOf, deps.rates);
  const context = { causationId: trigger.id, correlationId: trigger.correlationId, occurredAt: trigger.recordedAt, actor: tieringActor, traceparent: trigger.traceparent };
  await withTierStream(deps.store, customerId, context, (state) => decide({ kind: 'reassess', reason: 'facts_changed', customerId, now: new Date(asOf), policy, values }, state));
  await scheduleReview(deps, customerId, nextReviewDate(policy.reviewCadence, isoDateOf(asOf)));
}

/** Tier events that need a timer: an override's expiry. */
async function scheduleFromTierEvent(deps: TieringDeps, event: RecordedEvent): Promise<void> {
  if (event.type !== 'TierOverridden') return;
  const { customerId, overrideId, expiresAt } = event.data as { customerId: string; overrideId: string; expiresAt: string };
  await deps.timers.schedule({ id: `${timerKinds.overrideExpiry}:${overrideId}`, kind: timerKinds.overrideExpiry, dueAt: new Date(expiresAt), payload: { customerId, overrideId } });
}

/** One partition's batch: each customer is reassessed once, at its last event in the batch. */
export async function reactToEvents(deps: TieringDeps, events: readonly RecordedEvent[], heartbeat: () => Promise<void>): Promise<void> {
  const lastPerCustomer = new Map<string, RecordedEvent>();
  for (const event of events) {
    if (isCustomerStream(event.streamId)) lastPerCustomer.set(event.streamId, event);
    else await scheduleFromTierEvent(deps, event);
  }
  const triggers = [...lastPerCustomer.values()];
  for (let i = 0; i < triggers.length; i += 8) {
    await Promise.all(triggers.slice(i, i + 8).map((trigger) => reassessCustomer(deps, trigger)));
    await heartbeat();
  }
}
