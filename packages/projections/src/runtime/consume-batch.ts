import type { GlobalPosition, RecordedEvent } from '@ctp/contracts';
import { fromKafkaMessage, startEventSpan } from '@ctp/event-bus';
import { trace } from '@opentelemetry/api';
import type { KafkaMessage } from 'kafkajs';
import type { Db } from 'mongodb';
import type { ProjectionDefinition } from '../definition.js';
import { processEvents, type ParkedEvent } from '../processing/process-events.js';
import type { RetryPolicy } from '../processing/retry-policy.js';
import type { Checkpoints } from '../storage/checkpoints.js';
import type { ParkedStreams } from '../storage/parked-streams.js';
import type { Parcel, Parking } from './parking.js';
import { foldedWriter, routePartition, versionedWriter } from './version-router.js';

export interface BatchDeps<C extends string> {
  readonly projection: ProjectionDefinition<C>;
  readonly db: Db;
  readonly checkpoints: Checkpoints;
  readonly parkedStreams: ParkedStreams;
  readonly parking: Parking;
  readonly retry: RetryPolicy;
  readonly now: () => Date;
}

export interface BatchInput {
  readonly topic: string;
  readonly partition: number;
  readonly messages: readonly KafkaMessage[];
  readonly lastOffset: string;
}

export interface BatchOutcome {
  readonly nextOffset: string;
  readonly position: GlobalPosition | null;
  readonly applied: number;
  readonly parked: number;
}

const tracer = trace.getTracer('ctp-projections');

/** One partition's batch: decode, write (guarded), park the failures, save the checkpoint. The caller commits. */
export async function consumeBatch<C extends string>(deps: BatchDeps<C>, input: BatchInput, heartbeat: () => Promise<void>): Promise<BatchOutcome> {
  const { topic, partition } = input;
  const sources = new Map<string, KafkaMessage>();
  const undecodable: Parcel[] = [];
  const events: RecordedEvent[] = [];
  for (const message of input.messages) {
    try {
      const event = fromKafkaMessage(message);
      sources.set(event.id, message);
      events.push(event);
    } catch (error) {
      undecodable.push({ message, original: { topic, partition, offset: message.offset }, event: null, reason: 'undecodable', error, attempts: 1, blockedBy: null });
    }
  }
  const position = events.at(-1)?.globalPosition ?? null;
  const nextOffset = (BigInt(input.lastOffset) + 1n).toString();
  const batch = { first: events[0]?.globalPosition ?? null, last: position };
  const [blocked, route] = await Promise.all([
    deps.parkedStreams.blockedAmong(events.map((event) => event.streamId)),
    routePartition(deps.db, deps.projection, deps.checkpoints, { topic, partition, batch }, { now: deps.now, heartbeat }),
  ]);
  const spans = events.map((event) => startEventSpan(tracer, `project ${deps.projection.name}`, 'consumer', event));
  const writers = { writeRound: versionedWriter<C>(deps.db, route.versions), writeFolded: foldedWriter<C>(deps.db, route.versions, heartbeat) };
  const result = await processEvents({ projection: deps.projection, retry: deps.retry, heartbeat, ...writers }, events, blocked).finally(() => spans.forEach((span) => span.end()));
  const parcelOf = (parked: ParkedEvent): Parcel => {
    const message = sources.get(parked.event.id) as KafkaMessage;
    return { ...parked, message, original: { topic, partition, offset: message.offset } };
  };
  await deps.parking.park([...undecodable, ...result.parked.map(parcelOf)]);
  // Only this partition's writer moves its checkpoint to another version; a change meanwhile means another
  // instance took the partition over, so the batch is left to be delivered again.
  const saved = await deps.checkpoints.save(topic, partition, route.version, { position, nextOffset, now: deps.now() });
  if (saved === 'version_changed') throw new Error(`${deps.projection.name} ${topic}/${partition}: the partition moved to another version under the batch`);
  return { nextOffset, position, applied: result.applied, parked: undecodable.length + result.parked.length };
}
