import { randomUUID } from 'node:crypto';
import { buildEvent, decoderFor, streamIdFor, type Actor } from '@ctp/contracts';
import { WrongExpectedRevisionError, type EventStore } from '@ctp/event-store';
import { decideTarget, evolveTarget, initialTargetState, StaleTargetVersion, type PublishTarget, type TargetDocument, type TargetState } from './target-decider.js';

export interface PublishedTarget {
  readonly version: number;
  readonly target: TargetDocument;
  readonly publishedAt: string;
  readonly publishedBy: Actor;
  readonly position: string;
}

export interface PublishContext {
  readonly actor: Actor;
  readonly correlationId: string;
  readonly occurredAt: Date;
}

const targetEvent = decoderFor('target');

const readTarget = async (store: EventStore, targetId: string) => (await store.readStream(streamIdFor('target', targetId))).map(targetEvent);

/** Every published version of a target, oldest first (version n at index n - 1); empty when none is. */
export async function loadTargetVersions(store: EventStore, targetId: string): Promise<PublishedTarget[]> {
  return (await readTarget(store, targetId)).map((event) => ({
    version: event.data.version, target: event.data.target, publishedAt: event.recordedAt, publishedBy: event.actor, position: event.globalPosition,
  }));
}

const loadTargetState = async (store: EventStore, targetId: string): Promise<TargetState> =>
  (await readTarget(store, targetId)).reduce<TargetState>((state, { type, data }) => evolveTarget(state, { type, data }), initialTargetState());

/** Decides and appends the next version; losing a race to another publisher is a StaleTargetVersion too. */
export async function publishTarget(store: EventStore, command: PublishTarget, context: PublishContext): Promise<{ version: number; position: string }> {
  const streamId = streamIdFor('target', command.targetId);
  const [decided] = decideTarget(command, await loadTargetState(store, command.targetId));
  const envelope = { id: randomUUID(), streamId, occurredAt: context.occurredAt.toISOString(), correlationId: context.correlationId, causationId: null, actor: context.actor, traceparent: null };
  const event = buildEvent('TargetVersionPublished', decided!.data, envelope);
  try {
    const result = await store.append(streamId, [event], { expectedRevision: command.expectedVersion === 0 ? 'no_stream' : command.expectedVersion - 1 });
    return { version: decided!.data.version, position: result.lastPosition };
  } catch (error) {
    if (!(error instanceof WrongExpectedRevisionError)) throw error;
    throw new StaleTargetVersion(command.targetId, (await loadTargetVersions(store, command.targetId)).at(-1)?.version ?? 0);
  }
}
