import type { TopicNaming } from '@ctp/event-bus';
import type { AnyBulkWriteOperation, Collection, Document } from 'mongodb';
import type { Bench } from './env.js';
import type { Feed } from './feed.js';
import { rawTotalsCollection } from './bench-projection.js';
import { inParallel, timed, withTimeout, type Measurement } from './stats.js';

/**
 * Upserts per raw bulkWrite command, in global order (so no document repeats in one command):
 * the runtime's own limit (maxWritesPerCommand in @ctp/projections). FerretDB 1.24 as shipped keeps one
 * pooled PostgreSQL connection per matched update until the command ends, so a command updating
 * more existing documents than its pool hangs the whole server; larger raw commands are no option.
 */
export const rawBulkSize = 25;

/** Raw commands in flight at once: the runtime's own (commandsInFlight in @ctp/projections). */
export const rawCommandsInFlight = 4;

/** Sends the operations in commands of rawBulkSize, rawCommandsInFlight at once, in order. */
export async function sendRawCommands<T extends Document>(collection: Collection<T>, operations: readonly AnyBulkWriteOperation<T>[]): Promise<void> {
  await inParallel(Math.ceil(operations.length / rawBulkSize), rawCommandsInFlight, async (index) => {
    await collection.bulkWrite(operations.slice(index * rawBulkSize, (index + 1) * rawBulkSize), { ordered: false });
  });
}

/** Raw bulkWrite (unordered) of the projection's upserts into a fresh collection with the same indexes. */
export async function rawBulkWrite(bench: Bench, operations: readonly AnyBulkWriteOperation[], label: string): Promise<Measurement> {
  const db = bench.mongo.db(`${bench.runId}_${label}`);
  const collection = await rawTotalsCollection(db);
  try {
    const ms = await timed(() => sendRawCommands(collection, operations));
    return { events: operations.length, ms };
  } finally {
    await db.dropDatabase();
  }
}

/** A fresh kafkajs consumer group reading the topic from the beginning to the feed's size (connect and join timed). */
export async function rawConsume(bench: Bench, naming: TopicNaming, total: number, label: string): Promise<Measurement> {
  const consumer = bench.kafka.consumer({ groupId: `${bench.runId}.${label}`, maxWaitTimeInMs: 1_000 });
  try {
    const ms = await timed(async () => {
      let seen = 0;
      let done!: () => void;
      const finished = new Promise<void>((resolve) => (done = resolve));
      await consumer.connect();
      await consumer.subscribe({ topics: [naming.events('customer')], fromBeginning: true });
      await consumer.run({
        eachBatch: async ({ batch }) => {
          seen += batch.messages.length;
          if (seen >= total) done();
        },
      });
      await withTimeout(finished, 120_000, 'raw consumer reading the topic');
    });
    return { events: total, ms };
  } finally {
    await consumer.disconnect();
  }
}

/** The store's feed read page by page with readAll, 1,000 a page (the rebuild's default batch). */
export async function rawReadAll(feed: Feed): Promise<Measurement> {
  let events = 0;
  const ms = await timed(async () => {
    for (let page = await feed.store.readAll({ after: null, limit: 1_000 }); page.length > 0; page = await feed.store.readAll({ after: page.at(-1)!.globalPosition, limit: 1_000 })) {
      events += page.length;
    }
  });
  return { events, ms };
}

/** The slower of two raw limits (lower events/s). */
export function slower(a: Measurement, b: Measurement): Measurement {
  return a.events / a.ms <= b.events / b.ms ? a : b;
}
