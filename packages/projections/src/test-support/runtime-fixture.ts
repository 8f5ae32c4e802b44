import { categoryOf, compareGlobalPositions, type GlobalPosition, type RecordedEvent } from '@ctp/contracts';
import { fromDeadLetterMessage, fromKafkaMessage, toKafkaMessage, topicNaming, type DeadLetter } from '@ctp/event-bus';
import { kafkaBrokers, uniqueName } from '@ctp/test-kit';
import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import type { Db } from 'mongodb';
import type { ProjectionDefinition } from '../definition.js';
import { createProjectionRuntime, type ProjectionRuntimeOptions } from '../runtime/projection-runtime.js';
import { freshDatabase } from './mongo.js';
import { until } from './until.js';

/** Real Kafka and Mongo, with topics, group and database of its own; plays the relay by producing events itself. */
export async function runtimeFixture<C extends string>(projection: ProjectionDefinition<C>) {
  const naming = topicNaming(uniqueName('proj'));
  const kafka = new Kafka({ clientId: 'projections-test', brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
  const { db, updates, close: closeDb } = await freshDatabase('proj');
  const admin: Admin = kafka.admin();
  const producer: Producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await Promise.all([admin.connect(), producer.connect()]);
  const groupId = uniqueName('group');
  let published: GlobalPosition | null = null;

  return {
    naming,
    kafka,
    admin,
    db: db as Db,
    groupId,
    /** Update and insert statements sent to a collection through this fixture's client. */
    updates,
    published: () => published,
    runtime: (overrides: Partial<ProjectionRuntimeOptions<C>> = {}) =>
      createProjectionRuntime({ projection, kafka, db, naming, groupId, publishedPosition: async () => published, retry: { baseDelayMs: 10 }, waitPollMs: 25, ...overrides }),
    /** Produces like the relay (per category topic, keyed by stream, acks=all), then moves its checkpoint. */
    async publish(events: readonly RecordedEvent[]) {
      for (const event of events) {
        await producer.send({ topic: naming.events(categoryOf(event.streamId)), acks: -1, messages: [toKafkaMessage(event)] });
        if (published === null || compareGlobalPositions(event.globalPosition, published) > 0) published = event.globalPosition;
      }
    },
    /** The same, in one send per topic. */
    async publishAtOnce(events: readonly RecordedEvent[]) {
      for (const category of new Set(events.map((event) => categoryOf(event.streamId)))) {
        const mine = events.filter((event) => categoryOf(event.streamId) === category);
        await producer.send({ topic: naming.events(category), acks: -1, messages: mine.map(toKafkaMessage) });
      }
      for (const event of events) if (published === null || compareGlobalPositions(event.globalPosition, published) > 0) published = event.globalPosition;
    },
    /**
     * Waits for `count` dead letters, then reads the topic to its end as it stands: a letter too many is
     * returned too, so a test asserting exactly `count` sees it (no sleep standing for "nothing else came").
     */
    async deadLetters(count: number): Promise<{ letter: DeadLetter; event: RecordedEvent }[]> {
      const topic = naming.deadLetter(projection.name);
      const consumer = kafka.consumer({ groupId: uniqueName('dlq-reader'), maxWaitTimeInMs: 500 });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      const letters: { letter: DeadLetter; event: RecordedEvent }[] = [];
      const nextOffsets = new Map<number, bigint>();
      void consumer.run({
        eachMessage: async ({ partition, message }) => {
          const { letter, original } = fromDeadLetterMessage(message);
          letters.push({ letter, event: fromKafkaMessage(original) });
          nextOffsets.set(partition, BigInt(message.offset) + 1n);
        },
      });
      try {
        await until(() => letters.length >= count, `${count} dead letters`, 20_000);
        const ends = await admin.fetchTopicOffsets(topic);
        await until(() => ends.every(({ partition, high }) => (nextOffsets.get(partition) ?? 0n) >= BigInt(high)), `the dead letters up to ${JSON.stringify(ends)}`, 20_000);
      } finally {
        await consumer.disconnect();
      }
      return letters;
    },
    async close() {
      const topics = [...projection.categories.map((category) => naming.events(category)), naming.deadLetter(projection.name)];
      await admin.deleteTopics({ topics }).catch(() => undefined);
      await Promise.all([admin.disconnect(), producer.disconnect()]);
      await closeDb();
    },
  };
}

export type RuntimeFixture<C extends string = string> = Awaited<ReturnType<typeof runtimeFixture<C>>>;

/** Waits until every partition's committed offset reached its high watermark (e.g. after an offset reset). */
export async function drained(runtime: { lag(): Promise<{ lag: number; committedOffset: string | null; highWatermark: string }[]> }, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lag = await runtime.lag();
    if (lag.every((partition) => partition.lag === 0)) return;
    if (Date.now() > deadline) throw new Error(`still lagging: ${JSON.stringify(lag)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

