import { decoderFor, streamIdFor, type Actor, type EventToAppend, type RecordedEvent, type TierEvent } from '@ctp/contracts';
import { envelopes, handleCommand, type AppendResult, type CommandContext, type EventStore, type StreamDecider } from '@ctp/event-store';
import { evolve, initialTierState, type TierState } from '../domain/state.js';

export type DecisionContext = CommandContext;

export const tieringActor: Actor = { kind: 'service', id: 'tiering' };

/** A customer's tier stream as a fold of its events (decrypted: TierOverridden has a personal field). */
export const tierDecider: StreamDecider<TierState, TierEvent> = { initialState: () => initialTierState, evolve, decode: decoderFor('tier') };

export interface TierStream {
  readonly state: TierState;
  /** -1 for a customer without tier events yet. */
  readonly revision: number;
  /** Causation ids already acted on: a cause seen again (redelivery, a re-fired timer) appends nothing. */
  readonly causes: ReadonlySet<string>;
}

/** A tier stream's state, revision and causes, from its events already read (the rollout reads many streams at once). */
export function tierStreamOf(events: readonly RecordedEvent[]): TierStream {
  return {
    state: events.map(tierDecider.decode).reduce(tierDecider.evolve, tierDecider.initialState()),
    revision: events.length - 1,
    causes: new Set(events.flatMap((event) => (event.causationId ? [event.causationId] : []))),
  };
}

/** Appends a decision's events after the revision it was made on; ids are derived from the cause. */
export async function appendDecision(store: EventStore, customerId: string, events: readonly TierEvent[], revision: number, context: DecisionContext): Promise<AppendResult | null> {
  if (events.length === 0) return null;
  return store.append(streamIdFor('tier', customerId), decisionEvents(customerId, events, context), { expectedRevision: revision < 0 ? 'no_stream' : revision });
}

/** A decision's events as they are appended, with ids derived from the cause. */
export function decisionEvents(customerId: string, events: readonly TierEvent[], context: DecisionContext): EventToAppend[] {
  return envelopes(streamIdFor('tier', customerId), events, context);
}

/** Load, decide, append through the shared command handler: a cause already on the stream appends nothing. */
export async function withTierStream(
  store: EventStore,
  customerId: string,
  context: DecisionContext,
  decideOn: (state: TierState) => Promise<readonly TierEvent[]> | readonly TierEvent[],
): Promise<AppendResult | null> {
  return (await handleCommand(store, streamIdFor('tier', customerId), tierDecider, decideOn, context)).appended;
}
