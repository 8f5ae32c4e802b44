import { randomInt } from 'node:crypto';
import { buildEvent, categoryOf, nameUuid, type Actor, type DomainEvent, type EventToAppend, type EventType, type RecordedEvent } from '@ctp/contracts';
import { WrongExpectedRevisionError } from '../errors.js';
import type { AppendResult, EventStore } from '../port.js';

/** A stream's state as a pure fold of its events (emmett's Decider without `decide`, which varies per command). */
export interface StreamDecider<State, Event extends DomainEvent> {
  readonly initialState: () => State;
  readonly evolve: (state: State, event: Event) => State;
  /** The typed, upcasting decoder of the stream's category (`decoderFor` in @ctp/contracts). */
  readonly decode: (raw: RecordedEvent) => Event;
}

/** Why the events are appended: their ids derive from the cause, so a redelivered cause appends nothing. */
export interface CommandContext {
  readonly causationId: string;
  readonly correlationId: string;
  readonly occurredAt: string;
  readonly actor: Actor;
  readonly traceparent?: string | null;
}

export interface HandledCommand<State> {
  /** The stream's state after the command (unchanged when it decided nothing or had handled the cause). */
  readonly state: State;
  readonly appended: AppendResult | null;
  /** The stream already holds events of this cause: nothing was decided again. */
  readonly alreadyHandled: boolean;
}

const defaultAttempts = 8;

/**
 * Load the stream, fold it, run the pure `decide`, append with the revision it was decided on.
 * Another writer getting in first is a revision conflict: decide again on the fresh stream, a
 * bounded number of times, then the conflict is thrown. Nothing else is retried.
 */
export function handleCommand<State, Event extends DomainEvent>(
  store: EventStore,
  streamId: string,
  decider: StreamDecider<State, Event>,
  decide: (state: State) => readonly Event[] | Promise<readonly Event[]>,
  context: CommandContext,
  attempts = defaultAttempts,
): Promise<HandledCommand<State>> {
  return retryOnRevisionConflict(attempts, async () => {
    const history = await store.readStream(streamId);
    const state = history.map(decider.decode).reduce(decider.evolve, decider.initialState());
    if (history.some((event) => event.causationId === context.causationId)) return { state, appended: null, alreadyHandled: true };
    const decided = await decide(state);
    if (decided.length === 0) return { state, appended: null, alreadyHandled: false };
    const appended = await store.append(streamId, envelopes(streamId, decided, context), { expectedRevision: history.length === 0 ? 'no_stream' : history.length - 1 });
    return { state: decided.reduce(decider.evolve, state), appended, alreadyHandled: false };
  });
}

/**
 * Runs a load-decide-append attempt again while it fails on a revision conflict (another writer
 * got in first), at most `attempts` times in all; then, or on any other error, throws. Between attempts
 * it pauses a random while, growing up to half a second, so that writers colliding on one stream (a
 * request, a reactor, timers of the same case) spread out instead of colliding again.
 */
export async function retryOnRevisionConflict<T>(attempts: number, attempt: () => Promise<T>): Promise<T> {
  for (let made = 1; ; made += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError) || made >= attempts) throw error;
      await new Promise((done) => setTimeout(done, randomInt(Math.min(25 * 2 ** made, 500) + 1)));
    }
  }
}

/**
 * A decision's events as they are appended: envelopes built by the contracts, ids derived from
 * the stream's category and id, the cause and the event's place (tiering's ids since it began).
 */
export function envelopes(streamId: string, events: readonly DomainEvent[], context: CommandContext): EventToAppend[] {
  const category = categoryOf(streamId);
  const entity = streamId.slice(category.length + 1);
  return events.map((event, index) =>
    buildEvent(event.type as EventType, event.data as never, {
      id: nameUuid([category, entity, context.causationId, String(index), event.type]),
      streamId,
      occurredAt: context.occurredAt,
      correlationId: context.correlationId,
      causationId: context.causationId,
      actor: context.actor,
      traceparent: context.traceparent ?? null,
    }),
  );
}
