import type { GlobalPosition, RecordedEvent } from '@ctp/contracts';
import { consumeToEnd, fromDeadLetterMessage, fromKafkaMessage, type IncomingMessage } from '@ctp/event-bus';
import type { Admin, Kafka, KafkaMessage } from 'kafkajs';
import { processEvents } from '../processing/process-events.js';
import { ensurePointer } from '../storage/version-pointer.js';
import type { BatchDeps } from './consume-batch.js';
import type { Parcel } from './parking.js';
import { foldedWriter, versionedWriter } from './version-router.js';

export interface RedriveResult {
  readonly redriven: number;
  readonly applied: number;
  readonly reparked: number;
  readonly unblocked: readonly string[];
  readonly stillBlocked: readonly string[];
}

export interface RedriveOptions<C extends string> {
  readonly kafka: Kafka;
  readonly admin: Admin;
  readonly groupId: string;
  readonly topic: string;
  readonly deps: BatchDeps<C>;
  readonly timeoutMs: number;
}

interface RedriveState {
  readonly blocked: Map<string, string>;
  readonly lastSeen: Map<string, GlobalPosition>;
  redriven: number;
  applied: number;
  reparked: number;
}

/**
 * Re-consumes the dead-letter topic up to its end as of the start, in order, through the same
 * guarded writes into the active version. An event that fails again is parked again (behind the
 * end, for the next redrive) and keeps its stream blocked; a stream is unblocked only when no
 * event of it was parked after the last one redriven.
 */
export async function redriveDeadLetters<C extends string>(options: RedriveOptions<C>): Promise<RedriveResult> {
  const { kafka, admin, groupId, topic, deps } = options;
  const state: RedriveState = { blocked: new Map(), lastSeen: new Map(), redriven: 0, applied: 0, reparked: 0 };
  await consumeToEnd({ kafka, admin, groupId, topic, timeoutMs: options.timeoutMs, handle: (partition, messages, heartbeat) => redriveMessages(deps, topic, partition, messages, state, heartbeat) });
  const unblocked: string[] = [];
  for (const [stream, last] of state.lastSeen) {
    if (!state.blocked.has(stream) && (await deps.parkedStreams.unblock(stream, last))) unblocked.push(stream);
  }
  const stillBlocked = [...(await deps.parkedStreams.blockedAmong([...state.lastSeen.keys()])).keys()];
  return { redriven: state.redriven, applied: state.applied, reparked: state.reparked, unblocked, stillBlocked };
}

async function redriveMessages<C extends string>(deps: BatchDeps<C>, topic: string, partition: number, messages: readonly KafkaMessage[], state: RedriveState, heartbeat: () => Promise<void>) {
  const undecodable: Parcel[] = [];
  const letters = new Map<string, { original: IncomingMessage; origin: Parcel['original'] }>();
  const events: RecordedEvent[] = [];
  for (const message of messages) {
    try {
      const { letter, original } = fromDeadLetterMessage(message);
      const event = fromKafkaMessage(original);
      letters.set(event.id, { original, origin: letter.original });
      events.push(event);
    } catch (error) {
      undecodable.push({ message, original: { topic, partition, offset: message.offset }, event: null, reason: 'undecodable', error, attempts: 1, blockedBy: null });
    }
  }
  const pointer = await ensurePointer(deps.db, deps.projection);
  const writeRound = versionedWriter<C>(deps.db, [pointer.active]);
  const writeFolded = foldedWriter<C>(deps.db, [pointer.active], heartbeat);
  const result = await processEvents({ projection: deps.projection, retry: deps.retry, heartbeat, writeRound, writeFolded }, events, state.blocked);
  const parcels = result.parked.map((parked): Parcel => {
    const source = letters.get(parked.event.id);
    return { ...parked, message: source?.original ?? { value: null }, original: source?.origin ?? { topic, partition, offset: '-1' } };
  });
  await deps.parking.park([...undecodable, ...parcels]);
  for (const parked of result.parked) state.blocked.set(parked.event.streamId, parked.blockedBy ?? parked.event.id);
  for (const event of events) state.lastSeen.set(event.streamId, event.globalPosition);
  state.redriven += messages.length;
  state.applied += result.applied;
  state.reparked += undecodable.length + result.parked.length;
}
