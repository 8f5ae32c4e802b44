import { decoderFor, type RecordedEvent } from '@ctp/contracts';
import { slaActor, withCaseStream } from '../cases/case-stream.js';
import { decideCase } from '../domain/decide-case.js';
import { SlaError } from '../domain/errors.js';
import type { ClockDeps } from './clock-deps.js';
import { effectiveTier, evolveStanding, noStanding } from './effective-tier.js';

const tierEvent = decoderFor('tier');

/** The tier in force once `trigger` happened, from the customer's tier stream up to it. */
async function tierAfter(deps: Pick<ClockDeps, 'history'>, trigger: RecordedEvent) {
  const history = await deps.history.readStream(trigger.streamId);
  return effectiveTier(history.filter(({ revision }) => revision <= trigger.revision).map(tierEvent).reduce(evolveStanding, noStanding));
}

/**
 * A customer's tier events: each open case of the customer changes tier at the last event of the batch
 * (the tier in force then, an override's while it lasts). The event's id is the cause, so a redelivered
 * event appends nothing; a case that already has the tier, or opened after the event, records nothing.
 */
export async function reactToTiers(deps: ClockDeps, events: readonly RecordedEvent[], heartbeat: () => Promise<void>): Promise<void> {
  const lastPerCustomer = new Map(events.map((event) => [event.streamId, event]));
  for (const trigger of lastPerCustomer.values()) {
    const tier = await tierAfter(deps, trigger);
    if (!tier) continue;
    const customerId = tierEvent(trigger).data.customerId;
    const context = { causationId: trigger.id, correlationId: trigger.correlationId, occurredAt: trigger.occurredAt, actor: slaActor, traceparent: trigger.traceparent };
    for (const caseId of await deps.openCases.ofCustomer(customerId)) {
      await refusalsAside(withCaseStream(deps, caseId, context, (state, rules) => decideCase({ kind: 'change_tier', at: trigger.occurredAt, ...tier }, state, rules)));
    }
    await heartbeat();
  }
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
