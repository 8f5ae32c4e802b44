import { decoderFor, evolveTierStanding, noTierStanding, streamIdFor, tierInForce, type RecordedEvent } from '@ctp/contracts';
import { slaActor, withCaseStream } from '../cases/case-stream.js';
import type { OpenedCase } from '../domain/case-state.js';
import { decideCase } from '../domain/decide-case.js';
import { SlaError } from '../domain/errors.js';
import type { ClockDeps } from './clock-deps.js';

const tierEvent = decoderFor('tier');

/** The tier in force once `trigger` happened, from the customer's tier stream up to it. */
const tierAfter = (history: readonly RecordedEvent[], trigger: RecordedEvent) =>
  tierInForce(history.filter(({ revision }) => revision <= trigger.revision).map(tierEvent).reduce(evolveTierStanding, noTierStanding));

/** The case changes to the tier in force after `trigger`, at its occurredAt and caused by it (once per case). */
async function followTier(deps: ClockDeps, history: readonly RecordedEvent[], trigger: RecordedEvent, caseIds: readonly string[]): Promise<void> {
  const inForce = tierAfter(history, trigger);
  if (!inForce) return;
  const { tier: to, tierPolicyId, tierPolicyVersion } = inForce;
  const context = { causationId: trigger.id, correlationId: trigger.correlationId, occurredAt: trigger.occurredAt, actor: slaActor, traceparent: trigger.traceparent };
  for (const caseId of caseIds) {
    await refusalsAside(withCaseStream(deps, caseId, context, (state, rules) => decideCase({ kind: 'change_tier', at: trigger.occurredAt, to, tierPolicyId, tierPolicyVersion }, state, rules)));
  }
}

/**
 * A customer's tier events: each open case of the customer changes tier at the last event of the batch
 * (the tier in force then, an override's while it lasts). The event's id is the cause, so a redelivered
 * event appends nothing; a case that already has the tier, or opened after the event, records nothing.
 */
export async function reactToTiers(deps: ClockDeps, events: readonly RecordedEvent[], heartbeat: () => Promise<void>): Promise<void> {
  const lastPerCustomer = new Map(events.map((event) => [event.streamId, event]));
  for (const trigger of lastPerCustomer.values()) {
    const customerId = tierEvent(trigger).data.customerId;
    await followTier(deps, await deps.history.readStream(trigger.streamId), trigger, await deps.openCases.ofCustomer(customerId));
    await heartbeat();
  }
}

/**
 * A case indexed for the first time catches up with a tier event recorded after it opened: that event
 * may have been handled before the case was in the index. The index is written before the tier stream
 * is read, and a tier event is in the store before its reaction reads the index, so one of the two
 * always sees the other; the shared cause keeps the change to one.
 */
export async function catchUpTier(deps: ClockDeps, state: OpenedCase): Promise<void> {
  const history = await deps.history.readStream(streamIdFor('tier', state.customerId));
  const last = history.at(-1);
  if (last && Date.parse(last.occurredAt) > state.openedAt) await followTier(deps, history, last, [state.caseId]);
}

/**
 * A domain refusal (the case closed, merged, or opened after the event, or no rule for the new tier)
 * is the answer for that case: no retry changes it, so it is not an error of the batch.
 */
export async function refusalsAside(handled: Promise<unknown>): Promise<void> {
  try {
    await handled;
  } catch (error) {
    if (!(error instanceof SlaError)) throw error;
  }
}
