import type { RecordedEvent } from '@ctp/contracts';
import { projectEvents } from '@ctp/projections';
import { describe, expect, it } from 'vitest';
import type { AreaReads } from '../area.js';
import { page } from '../metrics/paging.js';
import { monthStartIn, nextMonth, periodOf, type Month } from '../metrics/period.js';
import { followerStores } from '../test-support/follower-stores.js';
import { matches } from './dimension-match.js';
import { tierMonthHistory } from './test-support/tier-month-history.js';
import { standingsAt } from './tier-history.js';
import { customerPageFromListings, movementPageFromListings, type CustomerListing, type MovementListing } from './tier-listing-reads.js';
import { followBatch, headAfter } from './tier-month-follower.js';
import { readTierMonthsHead, tierMonthDocuments, type TierMonthsHeadDocument } from './tier-month-store.js';
import { movementFacts } from './tier-movement-counts.js';
import { tierProjection } from './tier-projection.js';
import { loadMovements } from './tier-reads.js';

const timeZone = 'Asia/Shanghai';
const months: Month[] = ['2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05'];
/** Small chunks, so that pages cross chunks and batches cut them. */
const chunkSizes = { movements: 3, customers: 2 };
const seed = Number(process.env['TIER_LISTINGS_SEED'] ?? 21);

/** mulberry32: a seeded generator, so that a failing history can be replayed (TIER_LISTINGS_SEED). */
function generator(state: number) {
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const movementQueries: Omit<MovementListing, 'limit'>[] = [
  ...months.map((month) => ({ month })),
  { month: '2026-03', direction: 'upgrade' },
  { month: '2026-02', toTier: 'none' },
  { month: '2026-04', fromTier: 'gold' },
  { from: '2026-01', to: '2026-04' },
  { from: '2025-12', to: '2026-05', direction: 'override' },
  { from: '2026-02', to: '2026-03', fromTier: 'none', toTier: 'silver' },
];
const customerQueries: Omit<CustomerListing, 'limit'>[] = months.flatMap((asOf) => [undefined, 'gold', 'silver', 'key_account', 'none'].map((tier) => ({ asOf, tier })));

describe('the tier listings from the documents the tier month follower keeps', () => {
  const stores = followerStores('tier_listings', 'tiering');

  it('page as the fold of the movement facts pages, after batches of random sizes, one of them replayed after a crash', async () => {
    const { store, db } = await stores.fresh();
    try {
      const random = generator(seed);
      await stores.append(tierMonthHistory(70).flat().map(({ customerId, ...timed }) => ({ streamId: `tier-${customerId}`, ...timed })));
      const feed = await stores.settledFeed();
      const documents = tierMonthDocuments(db);
      const deps = { history: store, timeZone, clock: () => new Date(), chunkSizes };
      let head: TierMonthsHeadDocument | null = null;
      let first = 0;
      let crashed = false;
      while (first < feed.length) {
        const size = 1 + Math.floor(random() * 40);
        if (!crashed && first > feed.length / 2) {
          // A process files the listings of a batch and dies before its head: the next batch starts at the same head, cut otherwise.
          await headAfter(deps, documents, feed.slice(first, first + size + 7), head);
          crashed = true;
        }
        head = await followBatch(deps, documents, feed.slice(first, first + size), head);
        first += size;
      }
      expect((await readTierMonthsHead(db, timeZone))?.position).toBe(feed.at(-1)!.globalPosition);
      await expectListingsOfTheFacts(db, feed, random);
    } finally {
      await stores.cleanUp();
    }
  }, 300_000);
});

async function expectListingsOfTheFacts(db: AreaReads['db'], feed: readonly RecordedEvent[], random: () => number) {
  await projectEvents(db, tierProjection, [...feed]);
  const reads: AreaReads = { db, readYourWrites: async () => undefined, timeZone, clock: () => new Date() };
  const movements = await loadMovements(reads);
  expect(new Set(movements.map(({ direction }) => direction))).toEqual(new Set(['assigned', 'upgrade', 'downgrade', 'override', 'override_expired', 'withdrawn']));
  const walk = async <Row extends { id: string }>(what: string, listed: (after: string | undefined, limit: number) => Promise<{ rows: Row[]; next: string | null } | null>, expected: readonly Row[]) => {
    let after: string | undefined;
    let pages = 0;
    do {
      const limit = 1 + Math.floor(random() * 5);
      const answer = await listed(after, limit);
      expect(answer, what).toEqual(page(expected, { limit, after }));
      after = answer!.next ?? undefined;
      pages += 1;
    } while (after !== undefined && pages < 100);
  };
  for (const query of movementQueries) {
    const expected = movementFacts(movements, query.month ? periodOf(query.month, query.month, timeZone) : periodOf(query.from!, query.to!, timeZone), timeZone, query).map(({ movement }) => movement);
    await walk(JSON.stringify(query), (after, limit) => movementPageFromListings(reads, { ...query, after, limit }), expected);
  }
  for (const query of customerQueries) {
    const standing = standingsAt(movements, monthStartIn(nextMonth(query.asOf), timeZone));
    const expected = [...standing.values()].filter(({ to }) => (query.tier === undefined ? to !== null : matches(to, query.tier))).map((movement) => ({ id: movement.customerId, movement }));
    if (query.tier === 'gold') expect(expected.length, query.asOf).toBeGreaterThan(0);
    await walk(JSON.stringify(query), (after, limit) => customerPageFromListings(reads, { ...query, after, limit }), expected);
  }
}
