import type { RecordedEvent } from '@ctp/contracts';
import { checkpointsCollectionName, createProjectionRuntime, encodePosition, parkedStreamsCollectionName, physicalName, ProjectionWaitTimeoutError, versionsCollectionName } from '@ctp/projections';
import type { AnyBulkWriteOperation, Collection, Db } from 'mongodb';
import type { Bench } from '../env.js';
import type { Feed } from '../feed.js';
import { benchTotals, rawUpserts } from '../bench-projection.js';
import { rawBulkSize, sendRawCommands } from '../raw-limits.js';
import { eventsPerSecond, inParallel, median, sideBySide, timed, type Measurement, type Throughput } from '../stats.js';
import { publish } from './projection.js';

/** A read-model document as far as this row needs it: ids are customer ids (strings). */
interface Totals {
  _id: string;
  [field: string]: unknown;
}

/** As the other rows: a run that has not finished after 2 minutes fails the row rather than stretch the whole benchmark. */
const runLimitMs = 120_000;

export interface AtSizeOptions {
  /** Documents the read model holds before the run (the row's size), e.g. 100,000. */
  readonly large: number;
  /** The size it is compared with, e.g. 1,000. */
  readonly small: number;
  readonly repeats: number;
  /** Also raw bulkWrites of the same upserts at both sizes (about 100 s more on this machine). */
  readonly raw: boolean;
}

/**
 * The projection runtime (as in the projection row) writing the feed into a read model that
 * already holds `large` documents, against the same into one holding `small`. Each size has one
 * database whose `totals_v1` is filled once with raw insertMany commands of other customers'
 * documents (the shape the projection writes); before every run the feed's own documents and the
 * runtime's bookkeeping are deleted and a fresh consumer group reads the topic from the start, so
 * every run inserts the feed's 1,000 documents and then updates them. With `raw`, raw bulkWrites of
 * the same upserts into the same collections are measured too, to tell the runtime from the server.
 */
export async function atSizeBenchmark(bench: Bench, feed: Feed, options: AtSizeOptions, log: (line: string) => void) {
  const naming = await publish(bench, 'sizetopic', feed.events);
  const operations = rawUpserts(feed.events) as AnyBulkWriteOperation<Totals>[];
  const ids = [...new Set(benchTotals.handle(feed.events).map((write) => String(write.id)))];
  const fillSeconds: Record<string, number> = {};
  const prepare = async (documents: number) => {
    const db = bench.mongo.db(`${bench.runId}_size${documents}`);
    const collection = db.collection<Totals>(physicalName('totals', 1));
    await collection.createIndexes(benchTotals.collections.totals.indexes.map((index) => ({ key: index.key })));
    log(`filling a read model with ${documents.toLocaleString('en-US')} documents`);
    fillSeconds[documents] = (await timed(() => fill(collection, documents))) / 1000;
    return { db, collection, documents };
  };
  const large = await prepare(options.large);
  const small = await prepare(options.small);
  const rawRates: Record<string, number[]> = { [options.large]: [], [options.small]: [] };

  const runtimeRun = async (target: typeof large, label: string, events: readonly RecordedEvent[] = feed.events): Promise<Measurement> => {
    await reset(target.db, target.collection, ids);
    const last = events.at(-1)!.globalPosition;
    const runtime = createProjectionRuntime({
      projection: benchTotals, kafka: bench.kafka, db: target.db, naming, groupId: `${bench.runId}.${label}`, publishedPosition: async () => last,
    });
    try {
      await runtime.lag();
      const ms = await timed(async () => {
        await runtime.start();
        await runtime.waitForPosition(last, runLimitMs).catch((error: unknown) => {
          if (!(error instanceof ProjectionWaitTimeoutError)) throw error;
          throw new Error(`the runtime did not reach the head within ${runLimitMs / 1000} s at ${target.documents.toLocaleString('en-US')} documents: under ${Math.round((events.length * 1000) / runLimitMs)} events/s`);
        });
      });
      return { events: events.length, ms };
    } finally {
      await runtime.stop();
    }
  };
  const rawRun = async (target: typeof large) => {
    await reset(target.db, target.collection, ids);
    const ms = await timed(async () => {
      await sendRawCommands(target.collection, operations);
    });
    rawRates[target.documents]!.push(eventsPerSecond({ events: operations.length, ms }));
  };

  await runtimeRun(small, 'sizewarm');
  const result = await sideBySide(
    options.repeats,
    async (repeat) => {
      const measurement = await runtimeRun(large, `size${options.large}r${repeat}`);
      if (options.raw) await rawRun(large);
      return measurement;
    },
    async (repeat) => {
      const measurement = await runtimeRun(small, `size${options.small}r${repeat}`);
      if (options.raw) await rawRun(small);
      return measurement;
    },
  );
  // a count reads the whole table on FerretDB, so once per size: each run left the feed's documents
  for (const target of [large, small]) await expectDocuments(target.collection, target.documents + ids.length);
  return {
    large: result.ours,
    small: result.raw,
    raw: options.raw ? { large: throughput(rawRates[options.large]!), small: throughput(rawRates[options.small]!) } : null,
    fillSeconds,
    documentsWritten: ids.length,
  };
}

const throughput = (samples: number[]): Throughput => ({ median: median(samples), samples });

/** Other customers' documents, insertMany commands of 1,000, 4 in flight (inserts hold no connection per document, unlike updates). */
async function fill(collection: Collection<Totals>, documents: number): Promise<void> {
  const at = new Date('2025-06-30T02:15:00Z');
  await inParallel(Math.ceil(documents / 1_000), 4, async (command) => {
    const start = command * 1_000;
    const batch = Array.from({ length: Math.min(1_000, documents - start) }, (_, offset) => {
      const n = start + offset;
      return {
        _id: `F-${n}`, _position: encodePosition(String(n + 1)), purchases: 1 + (n % 7), amountMinor: 129_900 * (1 + (n % 7)),
        refunds: 0, refundedMinor: 0, currency: 'CNY', firstSeenAt: at, lastPurchaseAt: at, channels: ['online'],
      };
    });
    await collection.insertMany(batch, { ordered: false });
  });
  await expectDocuments(collection, documents);
}

/** Deletes the feed's documents (one by one: FerretDB 1.24 does not push `$in` down to PostgreSQL) and the runtime's bookkeeping. */
async function reset(db: Db, collection: Collection<Totals>, ids: readonly string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += rawBulkSize) {
    await collection.bulkWrite(ids.slice(i, i + rawBulkSize).map((id) => ({ deleteOne: { filter: { _id: id } } })), { ordered: false });
  }
  for (const name of [checkpointsCollectionName, versionsCollectionName, parkedStreamsCollectionName]) await db.collection(name).drop().catch(() => false);
}

async function expectDocuments(collection: Collection<Totals>, expected: number): Promise<void> {
  const count = await collection.countDocuments();
  if (count !== expected) throw new Error(`${collection.collectionName} holds ${count} documents, expected ${expected}`);
}
