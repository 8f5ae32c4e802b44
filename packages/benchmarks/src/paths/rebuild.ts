import { rebuild } from '@ctp/projections';
import type { Bench } from '../env.js';
import type { Feed } from '../feed.js';
import { benchTotals, rawUpserts } from '../bench-projection.js';
import { rawBulkWrite, rawReadAll, slower } from '../raw-limits.js';
import { eventsPerSecond, median, sideBySide, timed, type Measurement } from '../stats.js';

/**
 * rebuild() of the projection from the pre-filled store into a fresh database (no runtime running,
 * so the handoff has nothing to move) vs the slower of reading the feed with readAll pages and
 * raw bulkWrites of the same upserts.
 */
export async function rebuildBenchmark(bench: Bench, feed: Feed, repeats: number) {
  const operations = rawUpserts(feed.events);
  const read: number[] = [];
  const bulk: number[] = [];

  const ours = async (repeat: number): Promise<Measurement> => {
    const db = bench.mongo.db(`${bench.runId}_rebuild${repeat}`);
    try {
      let events = 0;
      const ms = await timed(async () => {
        events = (await rebuild(benchTotals, feed.store, { db })).events;
      });
      return { events, ms };
    } finally {
      await db.dropDatabase();
    }
  };

  const raw = async (repeat: number): Promise<Measurement> => {
    const fed = await rawReadAll(feed);
    const written = await rawBulkWrite(bench, operations, `rebuildbulk${repeat}`);
    read.push(eventsPerSecond(fed));
    bulk.push(eventsPerSecond(written));
    return slower(fed, written);
  };

  const result = await sideBySide(repeats, ours, raw);
  return { ...result, rawRead: median(read), rawBulkWrite: median(bulk) };
}
