import type { RecordedEvent } from '@ctp/contracts';
import type { EventStore } from '@ctp/event-store';
import { projectEvents } from '@ctp/projections';
import { bearer, testApp } from '@ctp/service-kit/testing';
import type { FastifyInstance } from 'fastify';
import type { Db } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { followerStores } from '../test-support/follower-stores.js';
import { serviceLevelsArea } from './index.js';
import { followBatch, followingRun } from './service-level-month-follower.js';
import { readServiceLevelMonthsHead, serviceLevelMonthDocuments, serviceLevelMonthsHeadId } from './service-level-month-store.js';
import { serviceLevelProjection } from './service-level-projection.js';
import { rowPiecesByMonth } from './test-support/row-pieces.js';
import { serviceLevelHistory, type TimedCaseEvent } from './test-support/service-level-history.js';

const timeZone = 'Asia/Shanghai';
const now = new Date('2026-04-20T00:00:00Z');
/** A month's rows in several pieces, so a listing pages across them. */
const rowsPerPiece = 3;
const clocks = [
  'month=2026-02', 'from=2026-01&to=2026-04', 'month=2026-03&metric=first_response&outcome=breached', 'from=2026-01&to=2026-04&outcome=stopped',
  'from=2026-01&to=2026-04&tier=none&team=T-1', 'from=2026-01&to=2026-05&priority=high&channel=online&metric=resolution', 'month=2026-01&limit=7', 'from=2026-02&to=2026-04&limit=13&outcome=met',
];
const cases = [
  'month=2026-02', 'from=2026-01&to=2026-04', 'resolvedMonth=2026-03', 'from=2026-01&to=2026-04&fcr=yes', 'resolvedFrom=2026-01&resolvedTo=2026-02&fcr=no',
  'month=2026-03&resolvedMonth=2026-03', 'month=2026-01&resolvedFrom=2026-01&resolvedTo=2026-04&tier=gold', 'from=2026-01&to=2026-04&team=none&limit=6', 'resolvedFrom=2026-01&resolvedTo=2026-05&fcr=yes&limit=4',
];

describe('the service-level listings from the month entries the service-level month follower keeps', () => {
  const stores = followerStores('sl_listings', 'sla');
  let store: EventStore;
  let db: Db;
  const append = (events: readonly TimedCaseEvent[]) => stores.append(events.map(({ caseId, ...timed }) => ({ streamId: `case-${caseId}`, ...timed })), 40);
  const follow = async (feed: readonly RecordedEvent[], sizes: readonly number[]) => {
    const run = followingRun(store);
    let head = await readServiceLevelMonthsHead(db, timeZone);
    for (let first = 0, turn = 0; first < feed.length; turn += 1) {
      const batch = feed.slice(first, first + sizes[turn % sizes.length]!);
      const next = await followBatch({ history: store, db, timeZone, clock: () => now, rowsPerPiece }, run, batch, head);
      await (head === null ? serviceLevelMonthDocuments(db).heads.insertOne(next) : serviceLevelMonthDocuments(db).heads.replaceOne({ _id: head._id }, next));
      head = next;
      first += batch.length;
    }
  };
  /** Every page of each listing, one listing after the other. */
  const walkAll = async (app: FastifyInstance, listings: readonly (readonly [string, string])[]) => {
    const walked = [];
    for (const [path, query] of listings) walked.push(await walk(app, path, query));
    return walked;
  };
  /** Every page of a listing, walked by `next`: the rows and the `next` of each page. */
  const walk = async (app: FastifyInstance, path: string, query: string) => {
    const pages: { rows: unknown[]; next: string | null }[] = [];
    for (let after: string | null | undefined; after !== null;) {
      const response = await app.inject({ url: `/v1/analytics/service-levels/${path}?${query}${after ? `&after=${after}` : ''}`, headers: bearer('analyst') });
      expect(response.statusCode, response.body).toBe(200);
      const { rows, meta } = response.json();
      pages.push({ rows, next: meta.next });
      after = meta.next;
    }
    return pages;
  };

  it('pages alike from the entries and from the facts for a varied history followed with a batch read again after a crash', async () => {
    const fresh = await stores.fresh();
    ({ store, db } = fresh);
    const app = await testApp({ routes: serviceLevelsArea.routes({ readModel: { db, readYourWrites: async () => undefined }, timeZone, clock: () => now }) });
    try {
      const history = serviceLevelHistory(60);
      await append(history.opened);
      const last = await append(history.later);
      const feed = await stores.settledFeed();
      const cut = Math.floor(feed.length / 2);
      await follow(feed.slice(0, cut), [31, 97]);
      // The months of the next batch are written, then the follower dies before its head: the next run reads it again.
      await followBatch({ history: store, db, timeZone, clock: () => now, rowsPerPiece }, followingRun(store), feed.slice(cut, cut + 50), await readServiceLevelMonthsHead(db, timeZone));
      await follow(feed.slice(cut), [200]);
      const head = (await readServiceLevelMonthsHead(db, timeZone))!;
      expect(head).toMatchObject({ position: last, caughtUp: true });
      await projectEvents(db, serviceLevelProjection, feed);

      const { heads } = serviceLevelMonthDocuments(db);
      const listings = [...clocks.map((query) => ['clocks', query] as const), ...cases.map((query) => ['cases', query] as const)];
      const fromEntries = await walkAll(app, listings);
      // A position past the head: from the facts, at once.
      expect(await walk(app, 'cases', `month=2026-02&minPosition=${BigInt(last) + 1n}`)).toEqual(fromEntries[clocks.length]);
      await heads.deleteOne({ _id: serviceLevelMonthsHeadId(timeZone) });
      const fromFacts = await walkAll(app, listings);
      listings.forEach(([path, query], index) => expect(fromEntries[index], `${path}?${query}`).toEqual(fromFacts[index]));
      const rows = fromFacts.flat().flatMap((each) => each.rows);
      expect(rows.length).toBeGreaterThan(300);
      expect(new Set(rows.flatMap((row) => Object.entries(row as object).filter(([column]) => column === 'fcr' || column === 'outcome').map(([, value]) => value)))).toEqual(new Set(['yes', 'no', null, 'met', 'breached', 'running', 'stopped']));
      expect(fromFacts.filter((pages) => pages.length > 2).length).toBeGreaterThanOrEqual(3);
      // Each case or clock once, across pieces: each month listed holds more rows than one piece.
      for (const pages of fromEntries) {
        const ids = pages.flatMap(({ rows: ofPage }) => (ofPage as { clockId?: string; caseId: string }[]).map(({ clockId, caseId }) => clockId ?? caseId));
        expect(new Set(ids).size).toBe(ids.length);
      }
      const pieces = await rowPiecesByMonth(db, head);
      for (const month of ['2026-01', '2026-02', '2026-03', '2026-04']) expect(pieces[month]!.length, month).toBeGreaterThan(1);

      // The entries answered: without them a caught-up head lists nothing.
      await heads.insertOne(head);
      await serviceLevelMonthDocuments(db).months.deleteMany({ _id: { $ne: head._id } });
      expect(await walk(app, 'clocks', 'month=2026-02')).toEqual([{ rows: [], next: null }]);
      expect(await walk(app, 'cases', 'resolvedMonth=2026-03')).toEqual([{ rows: [], next: null }]);
    } finally {
      await app.close();
      await stores.cleanUp();
    }
  }, 400_000);
});
