import { tierMovements } from '@ctp/tiering/movements-bench';
import { MongoClient } from 'mongodb';
import { fillMovements } from './paths/reads-movements.js';

/**
 * Times tiering's read of `GET /v1/tiers/movements` in-process (no HTTP) over movement documents filled as the reads
 * benchmark fills them, one call at a time and `concurrency` at once. The database is dropped afterwards.
 *
 *   MONGO_URL=mongodb://127.0.0.1:27017/ pnpm --filter @ctp/benchmarks probe:movements -- 100000 200
 */
const [customers = 100_000, calls = 200, concurrency = 8] = process.argv.slice(2).filter((argument) => /^\d+$/.test(argument)).map(Number);
const ranges: [string, string, string][] = [
  ['one month', '2026-06-01T00:00:00Z', '2026-07-01T00:00:00Z'],
  ['three months', '2026-04-01T00:00:00Z', '2026-07-01T00:00:00Z'],
  ['a month cut mid-day at both ends', '2026-05-14T10:00:00Z', '2026-06-14T10:00:00Z'],
  ['400 days', '2025-06-01T00:00:00Z', '2026-07-06T00:00:00Z'],
];

const client = new MongoClient(process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017/');
await client.connect();
const db = client.db(`probe_movements_${process.pid}`);
const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
try {
  const filling = performance.now();
  await fillMovements(db, customers, (index) => `P-${index}`, (index) => ['gold', 'silver', 'standard'][index % 3]!);
  process.stdout.write(`filled ${customers} customers' movements in ${((performance.now() - filling) / 1000).toFixed(1)} s\n`);
  for (const [name, from, to] of ranges) {
    const range = { from: new Date(from), to: new Date(to) };
    for (const inFlight of [1, concurrency]) {
      const times: number[] = [];
      let next = 0;
      await Promise.all(Array.from({ length: inFlight }, async () => {
        while (next++ < calls) {
          const started = performance.now();
          await tierMovements(db, range, 200);
          times.push(performance.now() - started);
        }
      }));
      times.sort((a, b) => a - b);
      process.stdout.write(`${name}\t${inFlight} at once\t${calls} calls\tp50 ${percentile(times, 50).toFixed(1)} ms\tp99 ${percentile(times, 99).toFixed(1)} ms\n`);
    }
  }
} finally {
  await db.dropDatabase();
  await client.close();
}
