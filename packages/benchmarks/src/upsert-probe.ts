import { MongoClient } from 'mongodb';

/**
 * Compares MongoDB-protocol servers on the read models' write shape: guarded upserts by `_id`
 * (the position guard of the projection runtime), one at a time or `concurrency` at once, and the
 * same as unordered bulkWrites of 25. Each run uses a fresh database, dropped afterwards.
 *
 *   pnpm --filter @ctp/benchmarks probe:upserts -- mongodb://127.0.0.1:27017/ mongodb://127.0.0.1:27018/
 */
const urls = process.argv.slice(2).filter((argument) => argument.startsWith('mongodb://'));
const upserts = 400;
const bulkSize = 25;

type Shape = 'single' | 'bulk';

async function probe(url: string, shape: Shape, concurrency: number): Promise<number> {
  const client = new MongoClient(url);
  await client.connect();
  const db = client.db(`probe_${shape}_${concurrency}_${process.pid}`);
  const collection = db.collection<{ _id: string; position?: number }>('totals');
  try {
    let next = 0;
    const upsert = (at: number) => ({
      filter: { _id: `c${at % 100}`, position: { $not: { $gte: at } } },
      update: { $set: { position: at }, $inc: { events: 1 } },
      upsert: true,
    });
    const ignoreGuardMiss = (error: unknown) => {
      if (!String(error).includes('E11000')) throw error;
    };
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < upserts) {
          if (shape === 'single') {
            const { filter, update } = upsert(next++);
            await collection.updateOne(filter, update, { upsert: true }).catch(ignoreGuardMiss);
          } else {
            const first = next;
            next += bulkSize;
            const operations = Array.from({ length: bulkSize }, (_, offset) => ({ updateOne: upsert(first + offset) }));
            await collection.bulkWrite(operations, { ordered: false }).catch(ignoreGuardMiss);
          }
        }
      }),
    );
    return upserts / ((performance.now() - started) / 1000);
  } finally {
    await db.dropDatabase();
    await client.close();
  }
}

for (const url of urls) {
  for (const [shape, concurrency] of [['single', 1], ['single', 8], ['bulk', 1], ['bulk', 4]] as const) {
    const rate = await probe(url, shape, concurrency);
    process.stdout.write(`${url}\t${shape === 'bulk' ? `bulkWrite of ${bulkSize}` : 'single upsert'}\tconcurrency ${concurrency}\t${rate.toFixed(0)} upserts/s\n`);
  }
}
