import { decoderFor } from '@ctp/contracts';
import { createEventStore, type EventStore } from '@ctp/event-store';
import { projectEvents } from '@ctp/projections';
import { bearer, testApp } from '@ctp/service-kit/testing';
import { mongoUrl, postgresUrl, uniqueName } from '@ctp/test-kit';
import { createTimerStore, type PostgresTimerStore } from '@ctp/timers';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactFactProjection } from '../../contacts/contact-fact-projection.js';
import { contactEvents } from '../../contacts/test-support/contact-events.js';
import { customerProjection } from '../../retention/customer-projection.js';
import { customerEvents } from '../../retention/test-support/customer-events.js';
import { recorded } from '../../test-support/recorded-events.js';
import { churnModel } from '../churn-model.js';
import { rankingStore } from '../kept/ranking-store.js';
import { rankingWritesForTests } from '../test-support/ranking-writes.js';
import { winBackRoutes } from './win-back-routes.js';
import { ensureWinBackScan, scanTimerId, scanWinBack, winBackTimers, type WinBackScanDeps } from './win-back-scan.js';

const client = new MongoClient(mongoUrl());
const db = client.db(uniqueName('analytics_win_back'));
const churnEvent = decoderFor('churn');
const rankingWrites = rankingWritesForTests();
let events: EventStore;
let timers: PostgresTimerStore;
let deps: WinBackScanDeps;
let position = 0;

/**
 * C-A bought monthly from 1 Jun to 1 Sep 2025 (10:00 UTC): at 2026-01-01 its recency drift is 0.974 (0.35 x 0.974
 * = 0.3409), and a visit due 10 Dec is still open (0.05 x 1 / 2 = 0.025): 0.3659 >= 0.35, at risk. C-B bought on
 * 1 Nov, 1 Dec and 20 Dec: score 0.
 */
async function buy(customerId: string, day: string) {
  position += 1;
  await projectEvents(db, customerProjection, [recorded(`customer-${customerId}`, customerEvents(customerId).purchased(`${customerId}-${position}`), `${day}T10:00:00Z`, position)]);
}

const stream = async (customerId: string) => (await events.readStream(`churn-${customerId}`)).map(churnEvent);
/** What the service's projection runtime does with the appended churn events: the win-back tasks read model. */
const projectChurnStreams = async () => projectEvents(db, contactFactProjection, (await Promise.all(['churn-C-A', 'churn-C-B'].map((id) => events.readStream(id)))).flat());

beforeAll(async () => {
  const schema = uniqueName('analytics_win_back');
  events = await createEventStore(postgresUrl(), { schema });
  timers = await createTimerStore(postgresUrl(), { schema, table: 'churn_timers', now: () => new Date('2026-01-01T00:30:00Z') });
  deps = { store: events, db, timers, timeZone: 'UTC', clock: () => new Date('2026-01-01T01:00:00Z'), rankingWrites };
  for (const day of ['2025-06-01', '2025-07-01', '2025-08-01', '2025-09-01']) await buy('C-A', day);
  for (const day of ['2025-11-01', '2025-12-01', '2025-12-20']) await buy('C-B', day);
  const contacts = contactEvents('C-A');
  await projectEvents(db, contactFactProjection, [recorded('contact-C-A', contacts.planned([{ id: 'C-A:1', dueAt: '2025-12-10T10:00:00.000Z' }], '2025-11-01T10:00:00.000Z'), '2025-11-01T10:00:00Z', 500)]);
});

afterAll(async () => {
  await timers?.close();
  await events?.close();
  await client.close();
});

describe('the daily win-back scan', () => {
  it('asks once for the customer above the threshold; fired again (a retry, a crash mid-scan) it appends nothing; then schedules the next day', async () => {
    expect(await ensureWinBackScan(deps, new Date('2026-01-01T00:30:00Z'))).toBe('scheduled');
    expect(await ensureWinBackScan(deps, new Date('2026-01-01T12:00:00Z'))).toBe('exists');
    const timer = (await timers.get(scanTimerId('2026-01-01')))!;
    expect(timer.dueAt.toISOString()).toBe('2026-01-01T01:00:00.000Z');
    const fire = () => winBackTimers.handler(deps)(timer, { signal: new AbortController().signal });
    await fire();
    await fire();
    const [requested, ...more] = await stream('C-A');
    expect(more).toEqual([]);
    expect(requested).toMatchObject({
      type: 'WinBackRequested',
      data: { customerId: 'C-A', crossing: 1, tier: null, score: 0.3659, threshold: 0.35, model: { version: 2 }, asOf: '2026-01-01', requestedAt: '2026-01-01T01:00:00.000Z' },
    });
    expect(requested!.data).toMatchObject({ topFactors: [{ factor: 'recencyDrift', contribution: 0.3409 }, { factor: 'overdueContacts', contribution: 0.025 }], causes: ['4', '500'] });
    expect(await stream('C-B')).toEqual([]);
    // The day's ranking is kept for the risk listing: C-A first, then C-B.
    const ranking = (await rankingStore(db, rankingWrites).head({ modelId: churnModel.id, modelVersion: churnModel.version, timeZone: 'UTC', asOf: '2026-01-01' }))!;
    expect(ranking.selections.all).toMatchObject({ count: 2, lowestScores: [0] });
    expect((await timers.get(scanTimerId('2026-01-02')))?.dueAt.toISOString()).toBe('2026-01-02T01:00:00.000Z');
    // The same day scanned again directly, as after a crash between appends: nothing more
    expect(await scanWinBack(deps, '2026-01-01' as never, timer.dueAt)).toEqual({ scored: 2, requested: 0, subsided: 0 });
  });

  it('nothing while the customer stays above; falling below is recorded; crossing anew asks for a second task', async () => {
    await projectChurnStreams();
    expect(await scanWinBack(deps, '2026-01-02' as never, new Date('2026-01-02T01:00:00Z'))).toMatchObject({ requested: 0, subsided: 0 });
    await buy('C-A', '2026-01-05');
    expect(await scanWinBack(deps, '2026-01-06' as never, new Date('2026-01-06T01:00:00Z'))).toMatchObject({ requested: 0, subsided: 1 });
    // 1 Jun 2026: C-A 147 days since 5 Jan on a 31-day rhythm (recency 1), 1 purchase against 3 in the 180 days before
    // (0.6667); C-B 163 days since 20 Dec (recency 1): both cross
    expect(await scanWinBack(deps, '2026-06-01' as never, new Date('2026-06-01T01:00:00Z'))).toMatchObject({ requested: 2, subsided: 0 });
    expect((await stream('C-B')).map(({ type, data }) => [type, data.crossing])).toEqual([['WinBackRequested', 1]]);
    expect((await stream('C-A')).map(({ type, data }) => [type, data.crossing, data.asOf])).toEqual([
      ['WinBackRequested', 1, '2026-01-01'],
      ['ChurnRiskSubsided', 1, '2026-01-06'],
      ['WinBackRequested', 2, '2026-06-01'],
    ]);
  });

  it('lists the tasks with the obligation feedback planned for each (analyst, admin)', async () => {
    await projectChurnStreams();
    const [first, , second] = await events.readStream('churn-C-A');
    await projectEvents(db, contactFactProjection, [
      recorded('contact-C-A', contactEvents('C-A').planned([{ id: 'C-A:2', dueAt: '2026-01-05T10:00:00.000Z', kind: 'callback' }], '2026-01-01T01:00:00.000Z', { eventId: first!.id, position: first!.globalPosition }), '2026-01-01T01:00:05Z', 900),
      recorded('contact-C-A', contactEvents('C-A').fulfilled('C-A:2', '2026-01-05T10:00:00.000Z', '2026-01-04T10:00:00.000Z'), '2026-01-04T10:00:00Z', 901),
    ]);
    const app = await testApp({ routes: winBackRoutes({ readModel: { db, readYourWrites: async () => undefined }, timeZone: 'UTC', clock: () => new Date('2026-06-02T00:00:00Z') }) });
    try {
      const list = async (query: string, role: 'analyst' | 'admin' | 'agent' = 'analyst') => app.inject({ url: `/v1/analytics/churn/win-back${query}`, headers: bearer(role) });
      const all = (await list('?status=all&customerId=C-A')).json();
      expect(all.rows.map(({ taskId, crossing, status, obligationId }: Record<string, unknown>) => [taskId, crossing, status, obligationId])).toEqual([
        [second!.id, 2, 'requested', null],
        [first!.id, 1, 'fulfilled', 'C-A:2'],
      ]);
      expect(all.rows[1].drill.task).toEqual([`/v1/analytics/events?positions=${first!.globalPosition}%2C900%2C901`]);
      expect((await list('', 'admin')).json().rows.map(({ customerId, status }: Record<string, unknown>) => [customerId, status]).sort()).toEqual([['C-A', 'requested'], ['C-B', 'requested']]);
      expect((await list('?status=fulfilled&customerId=C-B')).json().rows).toEqual([]);
      expect((await list('?status=all&format=csv')).body.split('\r\n')[0]).toBe('taskId,customerId,crossing,tier,score,modelVersion,asOf,requestedAt,status,obligationId,dueAt,overdue,topFactors,drill');
      expect((await list('', 'agent')).statusCode).toBe(403);
      const bad = await list('?status=late&limit=0');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors.map(({ path }: { path: string }) => path).sort()).toEqual(['query.limit', 'query.status']);
    } finally {
      await app.close();
    }
  });
});
