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
  const blocked = await deps.parkedStreams.blockedAmong(events.map((event) => event.streamId));
  const run = (versions: readonly number[], streams: ReadonlyMap<string, string>) =>
    processEvents({ projection: deps.projection, retry: deps.retry, heartbeat, writeRound: versionedWriter<C>(deps.db, versions), writeFolded: foldedWriter<C>(deps.db, versions, heartbeat) }, events, streams);

  const spans = events.map((event) => startEventSpan(tracer, `project ${deps.projection.name}`, 'consumer', event));
  let route = await routePartition(deps.db, deps.projection, deps.checkpoints, topic, partition, events[0]?.globalPosition ?? null);
  const result = await run(route.versions, blocked).finally(() => spans.forEach((span) => span.end()));
  const parcelOf = (parked: ParkedEvent): Parcel => {
    const message = sources.get(parked.event.id) as KafkaMessage;
    return { ...parked, message, original: { topic, partition, offset: message.offset } };
  };
  await deps.parking.park([...undecodable, ...result.parked.map(parcelOf)]);

  const nowBlocked = new Map([...blocked, ...result.parked.map((parked) => [parked.event.streamId, parked.blockedBy ?? parked.event.id] as const)]);
  for (let attempt = 1; ; attempt += 1) {
    const saved = await deps.checkpoints.save(topic, partition, route.version, { position, nextOffset, now: deps.now() });
    if (saved === 'saved') break;
    if (attempt === 3) throw new Error(`${deps.projection.name} ${topic}/${partition}: the version kept changing under the batch`);
    route = await routePartition(deps.db, deps.projection, deps.checkpoints, topic, partition, events[0]?.globalPosition ?? null);
    await run(route.versions, nowBlocked);
  }
  return { nextOffset, position, applied: result.applied, parked: undecodable.length + result.parked.length };
}
