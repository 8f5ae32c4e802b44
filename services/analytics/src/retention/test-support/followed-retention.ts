import type { RecordedEvent } from '@ctp/contracts';
import { activeCollection, projectEvents } from '@ctp/projections';
import { afterAll, beforeAll } from 'vitest';
import { followerStores, type FreshStores, type TimedStreamEvent } from '../../test-support/follower-stores.js';
import { customerProjection, type CustomerDocument } from '../customer-projection.js';
import { followBatch, followingRun } from '../retention-month-follower.js';
import { readRetentionMonthsHead, retentionIndexId, retentionMonthDocuments, type RetentionMonthsHead } from '../retention-month-store.js';

/** A seeded pseudo-random number in [0, 1) a call, the same sequence for the same seed. */
export function seeded(seed: number) {
  return () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
}

export interface RetentionFollowing {
  readonly timeZone: string;
  readonly now: Date;
  /** Buyers per listing chunk; the follower's own unless set. */
  readonly buyerChunkSize?: number;
}

/**
 * A describe block's event store and read model with `history` appended (an append a stream), and the retention month
 * follower run over them by hand, batch by batch.
 */
export function followedRetention(prefix: string, history: () => TimedStreamEvent[], { timeZone, now, buyerChunkSize }: RetentionFollowing) {
  const stores = followerStores(prefix, 'intake');
  let fresh: FreshStores | null = null;
  beforeAll(async () => {
    fresh = await stores.fresh();
    await stores.append(history(), 1);
  });
  afterAll(() => stores.cleanUp());
  const opened = () => {
    if (fresh === null) throw new Error(`${prefix}: not yet set up`);
    return fresh;
  };
  return {
    stores,
    get store() {
      return opened().store;
    },
    get db() {
      return opened().db;
    },
    /**
     * Follows the feed in batches of the sizes in turn. A batch in `crashAfter` is written but its head is not (a crash
     * before it), then read again; one in `lostIndex` also loses its index (a crash before that write, the last but the head's).
     */
    async follow(feed: readonly RecordedEvent[], sizes: readonly number[], crashAfter = new Set<number>(), lostIndex = new Set<number>()) {
      const { store, db } = opened();
      const deps = { history: store, db, timeZone, clock: () => now, buyerChunkSize };
      let run = followingRun(store);
      let head: RetentionMonthsHead | null = await readRetentionMonthsHead(db, timeZone);
      const { heads, index } = retentionMonthDocuments(db);
      for (let first = 0, turn = 0; first < feed.length; turn += 1) {
        const batch = feed.slice(first, first + sizes[turn % sizes.length]!);
        const indexBefore = lostIndex.has(turn) ? await index.findOne({ _id: retentionIndexId(timeZone) }) : null;
        const next = await followBatch(deps, run, batch, head);
        if (lostIndex.has(turn)) await (indexBefore === null ? index.deleteOne({ _id: retentionIndexId(timeZone) }) : index.replaceOne({ _id: indexBefore._id }, indexBefore));
        if (crashAfter.has(turn) || lostIndex.has(turn)) {
          run = followingRun(store);
          continue;
        }
        await (head === null ? heads.insertOne(next) : heads.replaceOne({ _id: head._id }, next));
        head = next;
        first += batch.length;
      }
    },
    /** The customer facts the projection makes of the whole feed as settled, in a database of their own. */
    async customerFacts(): Promise<CustomerDocument[]> {
      const feed = await stores.settledFeed();
      const factsDb = stores.database(`facts_${feed.length}`);
      await projectEvents(factsDb, customerProjection, feed);
      return (await activeCollection<CustomerDocument>(factsDb, customerProjection.name, 'customerFacts')).find({}).toArray();
    },
  };
}
