import type { RecordedEvent } from '@ctp/contracts';
import type { TierPolicy } from '../domain/policy.js';
import { isoDateOf, nextReviewDate } from '../domain/calendar.js';
import { decide } from '../domain/decide.js';
import { customerIdOf, isCustomerStream, loadHistory } from '../history/customer-history.js';
import { measure } from '../policy/measure.js';
import { loadPolicyVersions, policyAt, type PublishedPolicy } from '../policy/policy-stream.js';
import { tieringActor, withTierStream } from '../tiers/tier-stream.js';
import { scheduleReview, timerKinds, type TieringDeps } from './tiering-deps.js';

/**
 * A customer's facts changed: decide on the stream as it stood at that event, as of when it was
 * recorded, so that a redelivered event decides the same. The event's id is the decision's cause.
 */
async function reassessCustomer(deps: TieringDeps, policies: readonly PublishedPolicy[], trigger: RecordedEvent): Promise<void> {
  const customerId = customerIdOf(trigger.streamId);
  const asOf = Date.parse(trigger.recordedAt);
  const policy: TierPolicy | null = policyAt(policies, asOf);
  const history = policy ? await loadHistory(deps.store, customerId, trigger.revision) : null;
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

/** One partition's batch: each customer is reassessed once, at its last event in the batch, with the policies read once. */
export async function reactToEvents(deps: TieringDeps, events: readonly RecordedEvent[], heartbeat: () => Promise<void>): Promise<void> {
  const lastPerCustomer = new Map<string, RecordedEvent>();
  for (const event of events) {
    if (isCustomerStream(event.streamId)) lastPerCustomer.set(event.streamId, event);
    else await scheduleFromTierEvent(deps, event);
  }
  const triggers = [...lastPerCustomer.values()];
  if (triggers.length === 0) return;
  const policies = await loadPolicyVersions(deps.store, deps.policyId);
  for (let i = 0; i < triggers.length; i += 8) {
    await Promise.all(triggers.slice(i, i + 8).map((trigger) => reassessCustomer(deps, policies, trigger)));
    await heartbeat();
  }
}
