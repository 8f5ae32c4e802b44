import type { RecordedEvent } from '@ctp/contracts';
import { ensureTopicNames, toKafkaMessage, topicNaming, type TopicNaming } from '@ctp/event-bus';
import { createProjectionRuntime } from '@ctp/projections';
import type { Message } from 'kafkajs';
import type { Bench } from '../env.js';
import type { Feed } from '../feed.js';
import { benchTotals, rawUpserts } from '../bench-projection.js';
import { rawBulkWrite, rawConsume, slower } from '../raw-limits.js';
import { eventsPerSecond, median, sideBySide, timed, type Measurement } from '../stats.js';

/**
 * The projection runtime consuming a topic pre-filled with the feed (toKafkaMessage, as the relay
 * produces it) into a fresh database, from start() until waitForPosition(head) resolves, vs the
 * slower of a raw consumer group reading the topic and raw bulkWrites of the same upserts. The
 * runtime connects (admin, producer, topics, collections) before the clock starts; joining the
 * group is timed for both. A warm-up run consumes a topic with the feed's first 500 events.
 */
export async function projectionBenchmark(bench: Bench, feed: Feed, repeats: number) {
  const naming = await publish(bench, 'projtopic', feed.events);
  const warmEvents = feed.events.slice(0, 500);
  const warmNaming = await publish(bench, 'projwarmtopic', warmEvents);
  const operations = rawUpserts(feed.events);
  const consume: number[] = [];
  const bulk: number[] = [];

  const ours = async (label: string, topics: TopicNaming, events: readonly RecordedEvent[]): Promise<Measurement> => {
    const db = bench.mongo.db(`${bench.runId}_${label}`);
    const last = events.at(-1)!.globalPosition;
    const runtime = createProjectionRuntime({
      projection: benchTotals, kafka: bench.kafka, db, naming: topics, groupId: `${bench.runId}.${label}`, publishedPosition: async () => last,
    });
    try {
      await runtime.lag();
      const ms = await timed(async () => {
        await runtime.start();
        await runtime.waitForPosition(last, 120_000);
      });
      return { events: events.length, ms };
    } finally {
      await runtime.stop();
      await db.dropDatabase();
    }
  };

  const raw = async (repeat: number): Promise<Measurement> => {
    const consumed = await rawConsume(bench, naming, feed.events.length, `rawconsume${repeat}`);
    const written = await rawBulkWrite(bench, operations, `rawbulk${repeat}`);
    consume.push(eventsPerSecond(consumed));
    bulk.push(eventsPerSecond(written));
    return slower(consumed, written);
  };

  await ours('projwarm', warmNaming, warmEvents);
  const result = await sideBySide(repeats, (repeat) => ours(`proj${repeat}`, naming, feed.events), raw);
  return { ...result, rawConsume: median(consume), rawBulkWrite: median(bulk) };
}

/** Produces the events like the relay: one topic per category (3 partitions), keyed by stream, acks -1. */
export async function publish(bench: Bench, label: string, events: readonly RecordedEvent[]): Promise<TopicNaming> {
  const naming = topicNaming(`${bench.runId}.${label}`);
  const topic = naming.events('customer');
  const admin = bench.kafka.admin();
  const producer = bench.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await Promise.all([admin.connect(), producer.connect()]);
  try {
    await ensureTopicNames(admin, [topic, naming.deadLetter(benchTotals.name)]);
    const messages = events.map(toKafkaMessage) as Message[];
    for (let i = 0; i < messages.length; i += 500) await producer.sendBatch({ topicMessages: [{ topic, messages: messages.slice(i, i + 500) }], acks: -1 });
  } finally {
    await Promise.all([admin.disconnect(), producer.disconnect()]);
  }
  return naming;
}
