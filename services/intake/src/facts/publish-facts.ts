import { eventRegistry, streamIdFor, type Actor, type EventToAppend, type GlobalPosition } from '@ctp/contracts';
import { retryOnRevisionConflict, WrongExpectedRevisionError, type AppendedEvent, type EventStore } from '@ctp/event-store';
import { erasedIds } from '@ctp/identity';
import { mergedAwayIdsOf, type States } from '../rules/customer-state.js';
import type { RuleSettings, RuleViolation } from '../rules/fact-rules.js';
import { loadStates } from '../rules/load-states.js';
import { planBatch, type PlannedFact, type StreamPlan } from '../rules/plan-batch.js';
import type { ValidFact } from './fact-batch.js';

export interface PublishContext {
  readonly actor: Actor;
  readonly correlationId: string;
  readonly traceparent: string | null;
}

export interface PublishedFact {
  readonly id: string;
  readonly status: 'accepted' | 'duplicate';
  readonly streamId: string;
  readonly revision: number;
  readonly globalPosition: GlobalPosition;
}

export interface FactPublisher {
  /** Appends the events; `reader` is the same store without decryption, for judging. */
  readonly store: EventStore;
  readonly reader: EventStore;
  readonly settings: RuleSettings;
  /** Honours an erasure (destroys the customer's key); must be idempotent. */
  readonly erase: (customerId: string) => Promise<unknown>;
}

export class RuleViolationsError extends Error {
  constructor(readonly violations: readonly RuleViolation[]) {
    super(`${violations.length} business rule violation(s)`);
  }
}

export class ConcurrentChangeError extends Error {}

const maxAttempts = 4;

/** A fact as the event intake stores for it. */
export function toEvent(fact: PlannedFact, context: PublishContext): EventToAppend {
  return {
    id: fact.id,
    type: fact.type,
    schemaVersion: eventRegistry.latest(fact.type).version,
    streamId: streamIdFor('customer', fact.customerId),
    occurredAt: fact.occurredAt,
    correlationId: context.correlationId,
    causationId: null,
    actor: context.actor,
    traceparent: context.traceparent,
    data: fact.data,
  };
}

const asPublished = (streamId: string, event: AppendedEvent): PublishedFact => ({
  id: event.id,
  status: event.duplicate ? 'duplicate' : 'accepted',
  streamId,
  revision: event.revision,
  globalPosition: event.globalPosition,
});

/**
 * Repeats go stream by stream (the store answers duplicate or conflict); the new facts of every
 * stream go in one atomic appendMany, each stream at the revision it was judged on.
 */
async function appendPlans(store: EventStore, plans: readonly StreamPlan[], context: PublishContext): Promise<PublishedFact[]> {
  const published: PublishedFact[] = [];
  for (const plan of plans.filter((candidate) => candidate.repeats.length > 0)) {
    const streamId = streamIdFor('customer', plan.customerId);
    const result = await store.append(streamId, plan.repeats.map((fact) => toEvent(fact, context)), { expectedRevision: 'any' });
    published.push(...result.events.map((event) => asPublished(streamId, event)));
  }
  const fresh = plans.filter((plan) => plan.fresh.length > 0).map((plan) => ({
    streamId: streamIdFor('customer', plan.customerId),
    events: plan.fresh.map((fact) => toEvent(fact, context)),
    expectedRevision: plan.expectedRevision < 0 ? ('no_stream' as const) : plan.expectedRevision,
  }));
  for (const result of await store.appendMany(fresh)) published.push(...result.events.map((event) => asPublished(result.streamId, event)));
  return published;
}

/**
 * Who loses their key: the customers the batch asks to erase, and any erased customer the batch
 * touched whose key may have outlived a crash between append and erasure, each with every id merged
 * into it (one person, one erasure).
 */
function customersToErase(states: States, facts: readonly PlannedFact[]): Set<string> {
  return erasedIds(states, facts.filter(({ type }) => type === 'CustomerErasureRequested').map((fact) => fact.customerId));
}

/**
 * Judges the batch against the customers' streams, then appends with the revisions it judged
 * (optimistic concurrency, all streams at once). A concurrent change makes it judge again.
 * Throws RuleViolationsError when a rule is broken.
 */
export async function publishFacts(
  publisher: FactPublisher,
  facts: readonly ValidFact[],
  context: PublishContext,
  /** Throws when the caller may not send these facts about these customers (a merge across source systems). */
  authorise: (states: States) => void = () => undefined,
): Promise<PublishedFact[]> {
  const incoming = facts.map(({ fact, data }, index) => ({ ...fact, index, data }));
  const named = incoming.flatMap((fact) => [fact.customerId, ...mergedAwayIdsOf(fact)]);
  try {
    return await retryOnRevisionConflict(maxAttempts, async () => {
      const states = await loadStates(publisher.reader, named);
      authorise(states);
      const judgement = planBatch(incoming, states, publisher.settings);
      if (!judgement.ok) throw new RuleViolationsError(judgement.violations);
      const published = new Map((await appendPlans(publisher.store, judgement.streams, context)).map((fact) => [fact.id, fact]));
      const erased = customersToErase(states, judgement.streams.flatMap((plan) => [...plan.repeats, ...plan.fresh]));
      for (const customerId of erased) await publisher.erase(customerId);
      return facts.map(({ fact }) => published.get(fact.id)!);
    });
  } catch (error) {
    if (error instanceof WrongExpectedRevisionError) throw new ConcurrentChangeError('the customers changed while the batch was written; retry it');
    throw error;
  }
}
