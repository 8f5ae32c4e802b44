import type { EventStore } from '@ctp/event-store';
import { projectEvents } from '@ctp/projections';
import { createLogger } from '@ctp/service-kit';
import { bearer, testApp } from '@ctp/service-kit/testing';
import { eventually, postgresUrl } from '@ctp/test-kit';
import type { Db } from 'mongodb';
import { describe, expect, it } from 'vitest';
import type { AreaReads } from '../area.js';
import { monthsOf, periodOf } from '../metrics/period.js';
import { followerStores } from '../test-support/follower-stores.js';
import { tierMonthHistory, type TimedTierEvent } from './test-support/tier-month-history.js';
import { tierDistribution, type DistributionDimension } from './tier-distribution.js';
import { followBatch, tierMonthFollower } from './tier-month-follower.js';
import { distributionFromMonths, movementCountsFromMonths } from './tier-month-reads.js';
import { readTierMonthsHead, tierMonthDocuments } from './tier-month-store.js';
import { movementFacts, tierMovementCounts, type MovementDimension } from './tier-movement-counts.js';
import { tiersArea } from './index.js';
import { tierProjection } from './tier-projection.js';
import { loadMovements } from './tier-reads.js';

const timeZone = 'Asia/Shanghai';
/** FerretDB takes a few hundred milliseconds a write on a busy machine. */
const [followTimeoutMs, testTimeoutMs] = [240_000, 300_000];
const period = periodOf('2025-12', '2026-06', timeZone);
const distributions: [DistributionDimension[], Record<string, string>][] = [[['month', 'tier'], {}], [['tier'], {}], [['month'], { tier: 'gold' }], [['tier'], { month: '2026-02' }], [[], { tier: 'none' }]];
const movementCounts: [MovementDimension[], Record<string, string>][] = [[['month', 'direction', 'fromTier', 'toTier'], {}], [['direction'], { toTier: 'none' }], [['fromTier'], { month: '2026-03' }], [['month'], { direction: 'override', fromTier: 'gold' }], [[], {}]];

describe('the tier figures from the monthly documents the tier month follower keeps', () => {
  const stores = followerStores('tier_months', 'tiering');
  let store: EventStore;
  let db: Db;
  let schema: string;
  const reads = (): AreaReads => ({ db, readYourWrites: async () => undefined, timeZone, clock: () => new Date() });
  const append = (events: readonly TimedTierEvent[]) => stores.append(events.map(({ customerId, ...timed }) => ({ streamId: `tier-${customerId}`, ...timed })));
  const follower = (leased = true, batchSize?: number) =>
    tierMonthFollower({ history: store, db, timeZone, eventStoreUrl: leased ? postgresUrl() : 'esdb://no-lease', schema, clock: () => new Date(), logger: createLogger('analytics', 'warn'), retryMs: 100, batchSize });
  const followedTo = (head: string) =>
    eventually(async () => ((await readTierMonthsHead(db, timeZone))?.position === head ? true : undefined), `the tier months followed to ${head}`, () => '', followTimeoutMs);

  /** Every figure from the monthly documents equals the figure folded from the movement facts (the tier projection fed the same feed). */
  const expectFiguresOfTheFacts = async () => {
    await projectEvents(db, tierProjection, await stores.settledFeed());
    const movements = await loadMovements(reads());
    expect(new Set(movements.map(({ direction }) => direction))).toEqual(new Set(['assigned', 'upgrade', 'downgrade', 'override', 'override_expired', 'withdrawn']));
    for (const [groupBy, filters] of distributions) {
      const request = { months: monthsOf(period), timeZone, groupBy, ...filters };
      expect((await distributionFromMonths(reads(), request))!.table, JSON.stringify(request)).toEqual(tierDistribution(movements, request));
    }
    for (const [groupBy, filters] of movementCounts) {
      const expected = tierMovementCounts(movementFacts(movements, period, timeZone, filters), period, groupBy, filters);
      expect(expected.rows.length).toBeGreaterThan(0);
      expect((await movementCountsFromMonths(reads(), period, groupBy, filters))!.table, JSON.stringify(filters)).toEqual(expected);
    }
  };

  it('counts each event once after a crash mid-way, read again in other batches, equal to the fold of the facts', async () => {
    ({ store, db, schema } = await stores.fresh());
    try {
      const head = await append(tierMonthHistory(90).flat());
      const feed = await stores.settledFeed();
      // The first process follows 63 events in batches of 9 and dies in the next batch, before its head.
      const documents = tierMonthDocuments(db);
      const deps = { history: store, timeZone, clock: () => new Date() };
      let followed = null;
      for (let first = 0; first < 63; first += 9) followed = await followBatch(deps, documents, feed.slice(first, first + 9), followed);
      expect((await readTierMonthsHead(db, timeZone))?.position).toBe(feed[62]!.globalPosition);

      const restarted = follower(true, 33);
      await restarted.start();
      await followedTo(head);
      await expectFiguresOfTheFacts();
      const app = await testApp({ routes: tiersArea.routes({ readModel: { db, readYourWrites: async () => undefined }, timeZone, clock: () => new Date() }) });
      const answer = await app.inject({ url: `/v1/analytics/tiers/movement-counts?from=2026-01&to=2026-04&groupBy=direction&minPosition=${head}`, headers: bearer('analyst') });
      await app.close();
      expect(answer.json().meta).toMatchObject({ countedUpTo: head });
      expect(answer.json().rows.map(({ direction }: { direction: string }) => direction)).toEqual(['assigned', 'downgrade', 'override', 'override_expired', 'upgrade', 'withdrawn']);
      await restarted.stop();
    } finally {
      await stores.cleanUp();
    }
  }, testTimeoutMs);
});
