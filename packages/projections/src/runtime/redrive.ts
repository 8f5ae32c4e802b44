import type { GlobalPosition, RecordedEvent } from '@ctp/contracts';
import { fromDeadLetterMessage, fromKafkaMessage, type IncomingMessage } from '@ctp/event-bus';
import type { Admin, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
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
  const ends = await pendingRanges(admin, groupId, topic);
  const state: RedriveState = { blocked: new Map(), lastSeen: new Map(), redriven: 0, applied: 0, reparked: 0 };
  if (ends.size > 0) {
    const consumer = kafka.consumer({ groupId });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    let timer: NodeJS.Timeout | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`redrive of ${topic} did not reach its end within ${options.timeoutMs} ms`)), options.timeoutMs);
        const eachBatch = async ({ batch, resolveOffset, commitOffsetsIfNecessary, heartbeat }: EachBatchPayload) => {
          const end = ends.get(batch.partition);
          if (end === undefined) return;
          const messages = batch.messages.filter((message) => BigInt(message.offset) < end);
          const last = messages.at(-1);
          if (last) {
            await redriveMessages(deps, topic, batch.partition, messages, state, heartbeat);
            resolveOffset(last.offset);
            await commitOffsetsIfNecessary({ topics: [{ topic, partitions: [{ partition: batch.partition, offset: String(BigInt(last.offset) + 1n) }] }] });
          }
          if (BigInt(last?.offset ?? batch.lastOffset()) + 1n >= end) ends.delete(batch.partition);
          if (ends.size === 0) resolve();
        };
        consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch }).catch(reject);
      });
    } finally {
      clearTimeout(timer);
      await consumer.stop();
      await consumer.disconnect();
    }
  }
  const unblocked: string[] = [];
  for (const [stream, last] of state.lastSeen) {
    if (!state.blocked.has(stream) && (await deps.parkedStreams.unblock(stream, last))) unblocked.push(stream);
  }
  const stillBlocked = [...(await deps.parkedStreams.blockedAmong([...state.lastSeen.keys()])).keys()];
  return { redriven: state.redriven, applied: state.applied, reparked: state.reparked, unblocked, stillBlocked };
}

/** partition -> end offset, for the partitions with messages this group has not redriven yet. */
async function pendingRanges(admin: Admin, groupId: string, topic: string): Promise<Map<number, bigint>> {
  const [watermarks, committed] = await Promise.all([admin.fetchTopicOffsets(topic), admin.fetchOffsets({ groupId, topics: [topic] })]);
  const ends = new Map<number, bigint>();
  for (const { partition, low, high } of watermarks) {
    const offset = committed[0]?.partitions.find((entry) => entry.partition === partition)?.offset ?? '-1';
    const from = offset === '-1' || BigInt(offset) < BigInt(low) ? BigInt(low) : BigInt(offset);
    if (from < BigInt(high)) ends.set(partition, BigInt(high));
  }
  return ends;
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
