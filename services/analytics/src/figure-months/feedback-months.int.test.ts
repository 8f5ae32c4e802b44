import type { RecordedEvent } from '@ctp/contracts';
import { activeCollection, projectEvents } from '@ctp/projections';
import { createLogger } from '@ctp/service-kit';
import { bearer, testApp } from '@ctp/service-kit/testing';
import { eventually, postgresUrl } from '@ctp/test-kit';
import type { FastifyInstance } from 'fastify';
import type { Db } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { complaintFactProjection } from '../complaints/complaint-fact-projection.js';
import { complaintsArea } from '../complaints/index.js';
import { invitationProjection } from '../satisfaction/invitation-projection.js';
import { satisfactionArea } from '../satisfaction/index.js';
import { feedbackMonthFollower } from './index.js';
import { activeCustomerSource, complaintMonthSource } from '../complaints/complaint-months.js';
import { surveyMonthSource } from '../satisfaction/survey-months.js';
import { followerStores } from '../test-support/follower-stores.js';
import { addBatch, followBatch } from './month-follower.js';
import { cellsOf, figureMonthDocuments, readFigureMonthsHead, type MonthDocument } from './month-store.js';
import { feedbackHistory } from './test-support/feedback-history.js';

const timeZone = 'Asia/Shanghai';
/** FerretDB takes a few hundred milliseconds a write on a busy machine. */
const [followTimeoutMs, testTimeoutMs] = [240_000, 600_000];
const sources = [surveyMonthSource, complaintMonthSource, activeCustomerSource];

const subsets = <T>(values: readonly T[]): T[][] => values.reduce<T[][]>((all, value) => [...all, ...all.map((subset) => [...subset, value])], [[]]);
/** Four months over a year's end (two year documents), and one. */
const periods = ['from=2025-12&to=2026-03', 'from=2026-02&to=2026-02'];
const satisfactionUrls = subsets(['month', 'tier', 'channel', 'kind']).flatMap((groupBy) =>
  ['', '&tier=gold', '&tier=none&channel=phone', '&kind=relationship&channel=none'].flatMap((filter) => periods.map((period) => `/v1/analytics/satisfaction/trend?${period}&groupBy=${groupBy.join(',')}${filter}`)),
);
const complaintUrls = ['rate', 'causes', 'repeats', 'cycle'].flatMap((figure) =>
  subsets(['tier', 'channel', 'team']).flatMap((groupBy) => ['', '&tier=gold', '&team=none', '&channel=email&tier=none'].flatMap((filter) => periods.map((period) => `/v1/analytics/complaints/${figure}?${period}&groupBy=${groupBy.join(',')}${filter}`))),
);
/** The drill listings of a month or a period, whole and in pages of 3 (the first, and one from `after`). */
const listingUrls = [
  ...['', 'tier=gold', 'answered=yes', 'csat=unsatisfied&channel=none', 'nps=promoter&kind=relationship', 'answered=no&tier=none'].map((filter) => ['/v1/analytics/satisfaction/answers', filter, 'I-3'] as const),
  ...['', 'tier=gold', 'team=none', 'open=yes', 'repeat=yes', 'cause=none', 'resolvedMonth=2026-02&channel=email'].map((filter) => ['/v1/analytics/complaints/complaints', filter, 'K-3'] as const),
].flatMap(([path, filter, after]) => ['from=2025-12&to=2026-03', 'month=2026-02'].flatMap((months) =>
  ['', 'limit=3', `limit=3&after=${after}`].map((page) => `${path}?${[months, filter, page].filter((part) => part !== '').join('&')}`)));

describe('the satisfaction and complaint figures from the month documents the feedback month follower keeps', () => {
  const stores = followerStores('feedback_months', 'test');

  /** Every answer of the figure routes: with the head, from the month documents; then without it, counted from the fact documents. */
  const answers = async (app: FastifyInstance, urls: readonly string[]) => {
    const bodies: Record<string, unknown> = {};
    for (const url of urls) {
      const response = await app.inject({ url, headers: bearer('analyst') });
      expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
      bodies[url] = { columns: response.json().columns, rows: response.json().rows, next: response.json().meta?.next };
    }
    return bodies;
  };

  const sortedCells = (document: MonthDocument) => Object.keys(document.months).sort().map((month) => [month, cellsOf(document, month).map(({ key, counts }) => JSON.stringify([key, Object.entries(counts).sort()])).sort()]);
  const monthDocuments = async (of: Db) => {
    const documents = await figureMonthDocuments(of).months.find({ months: { $exists: true } }).toArray();
    return Object.fromEntries(documents.map((document) => [document._id, sortedCells(document)]));
  };

  it('answers every groupBy and filter exactly as the fact count does, after a crash mid-batch and batches cut otherwise; a replay from scratch writes the same documents', async () => {
    const { store, db, schema } = await stores.fresh();
    const replayed = stores.database('replay');
    try {
      const head = await stores.append(feedbackHistory(21));
      const feed: RecordedEvent[] = await stores.settledFeed();
      for (const area of [satisfactionArea, complaintsArea]) await projectEvents(db, area.projection, feed);

      // The first process follows 120 events in batches of 13, writes the month documents of the next batch and dies before its head.
      const deps = { db, history: store, sources, timeZone, clock: () => new Date() };
      let followed = null;
      for (let first = 0; first < 117; first += 13) followed = await followBatch(deps, feed.slice(first, first + 13), followed);
      await addBatch(deps, feed.slice(117, 130));
      expect((await readFigureMonthsHead(db, timeZone))?.position).toBe(feed[116]!.globalPosition);
      // The next follows under the lease in batches of 29, from the head.
      const restarted = feedbackMonthFollower({ history: store, db, timeZone, eventStoreUrl: postgresUrl(), schema, clock: () => new Date(), logger: createLogger('analytics', 'warn'), retryMs: 100, batchSize: 29 });
      await restarted.start();
      await eventually(async () => ((await readFigureMonthsHead(db, timeZone))?.position === head ? true : undefined), `the month documents followed to ${head}`, () => '', followTimeoutMs);
      await restarted.stop();

      // A rebuild: the whole feed in one batch into an empty database.
      await followBatch({ ...deps, db: replayed }, feed, null);
      expect(await monthDocuments(replayed)).toEqual(await monthDocuments(db));

      const urls = [...satisfactionUrls, ...complaintUrls, ...listingUrls];
      const app = await testApp({
        rateLimitPerMinute: 10_000,
        routes: async (instance) => {
          for (const area of [satisfactionArea, complaintsArea]) await instance.register(area.routes({ readModel: { db, readYourWrites: async () => undefined }, timeZone, clock: () => new Date('2026-05-02T02:00:00Z') }));
        },
      });
      try {
        const fromMonths = await answers(app, urls);
        const followedHead = (await readFigureMonthsHead(db, timeZone))!;
        await figureMonthDocuments(db).head.deleteOne({ _id: followedHead._id });
        const fromFacts = await answers(app, urls);
        for (const url of urls) expect(fromMonths[url], url).toEqual(fromFacts[url]);
        // The listings' rows are the follower's own: with the fact documents gone, the pages are the same.
        await figureMonthDocuments(db).head.insertOne(followedHead);
        for (const [projection, collection] of [[invitationProjection.name, 'invitationFacts'], [complaintFactProjection.name, 'complaintFacts']] as const) await (await activeCollection(db, projection, collection)).deleteMany({});
        const fromRows = await answers(app, listingUrls);
        for (const url of listingUrls) expect(fromRows[url], url).toEqual(fromMonths[url]);
        // The history is varied enough: every figure has rows, several months, groups with and without a value.
        const rows = (url: string) => (fromFacts[url] as { rows: Record<string, unknown>[] }).rows;
        expect(rows('/v1/analytics/satisfaction/trend?from=2025-12&to=2026-03&groupBy=month')).toHaveLength(4);
        expect(rows('/v1/analytics/satisfaction/answers?from=2025-12&to=2026-03').length).toBeGreaterThan(10);
        expect(rows('/v1/analytics/complaints/complaints?month=2026-02&open=yes').length).toBeGreaterThan(0);
        expect(fromFacts['/v1/analytics/complaints/complaints?from=2025-12&to=2026-03&limit=3']).toMatchObject({ next: expect.any(String) });
        expect(rows('/v1/analytics/complaints/cycle?from=2025-12&to=2026-03&groupBy=').filter(({ resolved, stillOpen, closedUnresolved }) => Number(resolved) > 0 && Number(stillOpen) > 0 && Number(closedUnresolved) > 0).length).toBeGreaterThan(0);
        expect(rows('/v1/analytics/complaints/causes?from=2025-12&to=2026-03&groupBy=team').some(({ cause, team }) => cause === null && team === null)).toBe(true);
        expect(rows('/v1/analytics/complaints/rate?from=2025-12&to=2026-03&groupBy=').every(({ activeCustomers }) => Number(activeCustomers) > 0)).toBe(true);
      } finally {
        await app.close();
      }
    } finally {
      await stores.cleanUp();
    }
  }, testTimeoutMs);
});
