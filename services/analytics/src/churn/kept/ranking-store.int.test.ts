import { mongoUrl, uniqueName } from '@ctp/test-kit';
import fc from 'fast-check';
import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rankingPage, type RiskRow } from './churn-ranker.js';
import { allCustomers, idGroupSize, pageRows, selectionOf } from './ranking-layout.js';
import { churnRankingPagesCollection, churnRankingsCollection, rankingStore, type RankingKey } from './ranking-store.js';
import { rankingWritesForTests } from '../test-support/ranking-writes.js';

const client = new MongoClient(mongoUrl());
let db: Db;
beforeAll(async () => {
  db = client.db(uniqueName('analytics_churn_ranking'));
});
afterAll(async () => {
  await db.dropDatabase();
  await client.close();
});

const key = (asOf: string): RankingKey => ({ modelId: 'test-model', modelVersion: 1, timeZone: 'UTC', asOf });
const count = (at: string) => ({ readSide: 'v', startedAt: new Date(at), countedAt: new Date(at) });
const tiers = [null, 'gold', 'silver'] as const;

/** Rows in rank order as the count makes them: score descending, then id; scores with ties. */
function rankedRows(size: number, seed: number): RiskRow[] {
  const rows = Array.from({ length: size }, (_, index) => {
    const mixed = (index * 7_919 + seed * 104_729) % 1_000;
    return { customerId: `C-${String((index * 31 + seed) % (size * 3)).padStart(5, '0')}-${index}`, tier: tiers[mixed % 3]!, score: Math.round((mixed / 1_000) * 20) / 20, atRisk: mixed > 350 };
  });
  return rows.sort((a, b) => b.score - a.score || (a.customerId < b.customerId ? -1 : 1));
}

/** What the listing answered when it scored every customer per request (churn-routes.ts before the rankings). */
function expectedPage(ranked: readonly RiskRow[], { tier, minScore, after, limit }: { tier?: string | undefined; minScore: number; after?: string | undefined; limit: number }) {
  const selected = ranked.filter(({ score, tier: of }) => score >= minScore && (tier === undefined || of === (tier === 'none' ? null : tier)));
  const start = after === undefined ? 0 : selected.findIndex(({ customerId }) => customerId === after) + 1 || selected.length;
  const rows = selected.slice(start, start + limit);
  return { rows, customers: selected.length, next: start + limit < selected.length ? rows.at(-1)!.customerId : null };
}

const rankingWrites = rankingWritesForTests();

describe('churn rankings kept in pages', () => {
  it('pages exactly as scoring every customer per request did, for any tier, minScore, after and limit', async () => {
    const store = rankingStore(db, rankingWrites);
    const ranked = rankedRows(2 * idGroupSize + 3 * pageRows + 17, 3);
    const head = await store.write(key('2026-03-01'), ranked, count('2026-03-01T01:00:00Z'));
    const ids = ranked.map(({ customerId }) => customerId);
    const query = fc.record({
      tier: fc.constantFrom(undefined, 'gold', 'silver', 'none', 'bronze'),
      minScore: fc.constantFrom(0, 0.05, 0.5, 0.95, 1),
      after: fc.option(fc.oneof(fc.constantFrom(...ids), fc.constant('C-unknown'), fc.constant(ids.at(-1)!)), { nil: undefined }),
      limit: fc.constantFrom(1, 7, 100, 250, 1_000),
    });
    await fc.assert(
      fc.asyncProperty(query, async (asked) => {
        const page = await rankingPage(store, head, { selection: selectionOf(asked.tier), minScore: asked.minScore, after: asked.after, limit: asked.limit });
        expect(page).toEqual(expectedPage(ranked, asked));
      }),
      { numRuns: 60, seed: 21 },
    );
  });

  it('names the newest set, and deletes the sets it replaced and one a crashed count left', async () => {
    const store = rankingStore(db, rankingWrites);
    const pages = db.collection<{ _id: string; set: string }>(churnRankingPagesCollection);
    const first = await store.write(key('2026-04-01'), rankedRows(250, 1), count('2026-04-01T01:00:00Z'));
    // A count that dies while writing its pages (a row JSON cannot hold) leaves a begun set that no head names.
    const broken = [{ customerId: 'C-1', tier: null, score: 0.5, atRisk: true, bad: 1n }] as unknown as RiskRow[];
    await expect(store.write(key('2026-04-01'), broken, count('2026-04-01T02:00:00Z'))).rejects.toThrow(/BigInt/);
    expect((await store.head(key('2026-04-01')))!.begun).toHaveLength(2);
    const second = await store.write(key('2026-04-01'), rankedRows(120, 2), count('2026-04-01T03:00:00Z'));
    expect(second.set).not.toBe(first.set);
    const head = (await store.head(key('2026-04-01')))!;
    expect([head.set, head.begun]).toEqual([second.set, [second.set]]);
    const left = await pages.find({ _id: { $regex: /^churn-ranking-v1:test-model@1@UTC:2026-04-01\|/ } }).toArray();
    expect(new Set(left.map(({ set }) => set))).toEqual(new Set([second.set]));
    expect((await rankingPage(store, head, { selection: allCustomers, minScore: 0, limit: 1_000 }))!.rows).toEqual(rankedRows(120, 2));
    expect(await store.pages(first, allCustomers, [0])).toBeNull();
  });

  it('counts at once, from two processes too: the last written is in force, named once, and only its pages stay', async () => {
    // Each count is a store of its own (a process of its own), as the daily scan and a request's first count can be.
    for (const day of ['2026-05-01', '2026-05-02', '2026-05-03']) {
      const written = await Promise.all([0, 1, 2, 3].map((n) => rankingStore(db, rankingWrites).write(key(day), rankedRows(300 + n, 4 + n), count(`${day}T01:00:0${n}Z`))));
      const head = (await rankingStore(db, rankingWrites).head(key(day)))!;
      expect(written.map(({ set }) => set)).toContain(head.set);
      expect(head.begun).toEqual([head.set]);
      const sets = await db.collection<{ set: string }>(churnRankingPagesCollection).distinct('set', { set: { $in: written.map(({ set }) => set) } });
      expect(sets).toEqual([head.set]);
      expect((await rankingPage(rankingStore(db, rankingWrites), head, { selection: allCustomers, minScore: 0, limit: 1 }))!.customers).toBe(head.selections[allCustomers]!.count);
    }
  });

  it('keeps the most recently counted days, and a first count that died only while it may still be counting', async () => {
    const store = rankingStore(db, rankingWrites);
    for (const day of ['2026-06-01', '2026-06-02', '2026-06-03']) await store.write(key(day), rankedRows(10, 6), count(`${day}T01:00:00Z`));
    // Two first counts of a day that died: one began two days ago (abandoned), one an hour ago (maybe still counting).
    const broken = [{ customerId: 'C-1', tier: null, score: 0.5, atRisk: true, bad: 1n }] as unknown as RiskRow[];
    await expect(store.write(key('2026-06-04'), broken, count('2026-06-02T01:00:00Z'))).rejects.toThrow(/BigInt/);
    await expect(store.write(key('2026-06-05'), broken, count('2026-06-04T00:00:00Z'))).rejects.toThrow(/BigInt/);
    await store.prune(2, new Date('2026-06-03T01:00:00Z'));
    const kept = await db.collection<{ _id: string }>(churnRankingsCollection).find({ _id: { $regex: /2026-06-0/ } }).toArray();
    expect(kept.map(({ _id }) => _id.slice(-10)).sort()).toEqual(['2026-06-02', '2026-06-03', '2026-06-05']);
  });
});
