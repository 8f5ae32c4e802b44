import { eventRegistry, nameUuid, streamIdFor, type Actor, type EventToAppend, type RecordedEvent, type TierEvent } from '@ctp/contracts';
import { WrongExpectedRevisionError, type AppendResult, type EventStore } from '@ctp/event-store';
import { evolve, initialTierState, type TierState } from '../domain/state.js';
import { asDomainEvent } from '../history/customer-history.js';

export interface TierStream {
  readonly state: TierState;
  /** -1 for a customer without tier events yet. */
  readonly revision: number;
  /** Causation ids already acted on: a cause seen again (redelivery, a re-fired timer) appends nothing. */
  readonly causes: ReadonlySet<string>;
}

export async function loadTierStream(store: EventStore, customerId: string): Promise<TierStream> {
  return tierStreamOf(await store.readStream(streamIdFor('tier', customerId)));
}

/** A tier stream's state, revision and causes, from its events (decrypted: TierOverridden has a personal field). */
export function tierStreamOf(events: readonly RecordedEvent[]): TierStream {
  return {
    state: events.map((raw) => asDomainEvent(raw) as unknown as TierEvent).reduce(evolve, initialTierState),
    revision: events.length - 1,
    causes: new Set(events.flatMap((event) => (event.causationId ? [event.causationId] : []))),
  };
}

export interface DecisionContext {
  /** The event or timer the decision answers; event ids derive from it. */
  readonly causationId: string;
  readonly correlationId: string;
  readonly occurredAt: string;
  readonly actor: Actor;
  readonly traceparent?: string | null;
}

export const tieringActor: Actor = { kind: 'service', id: 'tiering' };

/** Appends a decision's events after the revision it was made on; ids are derived from the cause. */
export async function appendDecision(store: EventStore, customerId: string, events: readonly TierEvent[], revision: number, context: DecisionContext): Promise<AppendResult | null> {
  if (events.length === 0) return null;
  return store.append(streamIdFor('tier', customerId), decisionEvents(customerId, events, context), { expectedRevision: revision < 0 ? 'no_stream' : revision });
}

/** A decision's events as they are appended, with ids derived from the cause. */
export function decisionEvents(customerId: string, events: readonly TierEvent[], context: DecisionContext): EventToAppend[] {
  const streamId = streamIdFor('tier', customerId);
  return events.map((event, index) => ({
    id: nameUuid(['tier', customerId, context.causationId, String(index), event.type]),
    type: event.type,
    schemaVersion: eventRegistry.latest(event.type).version,
    streamId,
    occurredAt: context.occurredAt,
    correlationId: context.correlationId,
    causationId: context.causationId,
    actor: context.actor,
    traceparent: context.traceparent ?? null,
    data: eventRegistry.parseData(event.type, eventRegistry.latest(event.type).version, event.data),
  }));
}

/** Runs load-decide-append, deciding again on the fresh stream when another writer got in first. */
export async function withTierStream(
  store: EventStore,
  customerId: string,
  context: DecisionContext,
  decideOn: (state: TierState) => Promise<readonly TierEvent[]> | readonly TierEvent[],
  attempts = 5,
): Promise<AppendResult | null> {
  for (let attempt = 1; ; attempt += 1) {
    const stream = await loadTierStream(store, customerId);
    if (stream.causes.has(context.causationId)) return null;
    try {
      return await appendDecision(store, customerId, await decideOn(stream.state), stream.revision, context);
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError) || attempt >= attempts) throw error;
    }
  }
}
