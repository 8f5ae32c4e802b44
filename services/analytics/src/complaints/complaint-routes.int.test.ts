import { bearer } from '@ctp/service-kit/testing';
import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { areaApp } from '../test-support/area-app.js';
import { complaintsArea } from './index.js';
import { calendarPublished, caseMoves, complaintStream, purchase } from './test-support/complaint-events.js';

const now = new Date('2026-05-02T02:00:00Z');
const sixtyActive = Array.from({ length: 60 }, (_, index) => purchase(`P-${index + 1}`, `2026-03-${String((index % 28) + 1).padStart(2, '0')}T04:00:00Z`, 1_000 + index)).flat();

describe('complaint figures and their drill', () => {
  const start = areaApp(complaintsArea, 'analytics_complaint_routes', now);
  let app: FastifyInstance;
  const get = async (url: string) => app.inject({ url, headers: bearer('auditor') });
  const rowsOf = async (url: string) => {
    const response = await get(url);
    expect(response.statusCode, response.body).toBe(200);
    return response.json().rows as Record<string, unknown>[];
  };

  beforeAll(async () => {
    ({ app } = await start([
      ...calendarPublished(1, '2026-01-01T00:00:00+08:00', 1),
      ...sixtyActive,
      ...purchase('P-1', '2026-03-20T04:00:00Z', 1_100), // a second purchase: still one active customer
      ...purchase('P-61', '2026-04-03T04:00:00Z', 1_101),
      // Friday 17:00 -> Tuesday 10:00 on Mon-Fri 9-18: 1 + 9 + 1 = 11 h = 1.2222 working days.
      ...complaintStream({ caseId: 'K-1', openedAt: '2026-03-06T17:00:00+08:00', tier: 'gold', team: 'T-1', causes: ['process', 'attitude'], repeatOf: 'K-0' }, 10),
      ...caseMoves('K-1', [['open', 'resolved', '2026-03-10T10:00:00+08:00'], ['resolved', 'closed', '2026-03-12T10:00:00+08:00']], 20),
      // Wednesday 10:00 -> 14:30: 4.5 h = 0.5 working days.
      ...complaintStream({ caseId: 'K-2', openedAt: '2026-03-11T10:00:00+08:00', tier: 'gold', channel: 'email', team: 'T-2', causes: ['process'] }, 30),
      ...caseMoves('K-2', [['open', 'resolved', '2026-03-11T14:30:00+08:00']], 40),
      ...complaintStream({ caseId: 'K-3', openedAt: '2026-03-20T10:00:00+08:00', tier: null }, 50),
      // a resolved case that is no complaint: a stub, in no figure
      ...caseMoves('X-9', [['open', 'resolved', '2026-03-10T10:00:00+08:00']], 60),
    ]));
  });

  it('complaint rate: 3 complaints among 60 active customers is 0.05; April has 1 active customer and none', async () => {
    const rows = await rowsOf('/v1/analytics/complaints/rate?from=2026-03&to=2026-04');
    expect(rows).toEqual([
      { month: '2026-03', complaintRate: 0.05, complaints: 3, activeCustomers: 60, drill: '/v1/analytics/complaints/complaints?month=2026-03' },
      { month: '2026-04', complaintRate: 0, complaints: 0, activeCustomers: 1, drill: '/v1/analytics/complaints/complaints?month=2026-04' },
    ]);
    const byTier = await rowsOf('/v1/analytics/complaints/rate?from=2026-03&to=2026-03&groupBy=tier');
    expect(byTier.map(({ tier, complaintRate, complaints, activeCustomers }) => [tier, complaintRate, complaints, activeCustomers])).toEqual([['gold', 0.0333, 2, 60], [null, 0.0167, 1, 60]]);
    for (const row of [...rows, ...byTier]) expect(await rowsOf(String(row['drill']))).toHaveLength(Number(row['complaints']));
  });

  it('root-cause mix and repeats: two causes count for both; the complaint without a cause apart', async () => {
    const causes = await rowsOf('/v1/analytics/complaints/causes?from=2026-03&to=2026-03');
    expect(causes.map(({ cause, count, share, withCause, complaints }) => [cause, count, share, withCause, complaints])).toEqual([['attitude', 1, 0.5, 2, 3], ['process', 2, 1, 2, 3], [null, 1, null, null, 3]]);
    expect(causes[2]!['drill']).toBe('/v1/analytics/complaints/complaints?cause=none&month=2026-03');
    for (const row of causes) expect(await rowsOf(String(row['drill']))).toHaveLength(Number(row['count']));
    const [repeats] = await rowsOf('/v1/analytics/complaints/repeats?from=2026-03&to=2026-03');
    expect(repeats).toMatchObject({ month: '2026-03', repeatShare: 0.3333, repeats: 1, complaints: 3 });
    expect((await rowsOf(String(repeats!['repeatsDrill']))).map(({ caseId }) => caseId)).toEqual(['K-1']);
  });

  it('cycle time in working days on the published calendar, per month of first resolution; the open complaint apart', async () => {
    const response = await get('/v1/analytics/complaints/cycle?from=2026-03&to=2026-03');
    expect(response.json().meta.calendar).toMatchObject({ id: 'default', published: true, versions: [{ version: 1 }] });
    const [march] = response.json().rows;
    // (1.2222 + 0.5) / 2 = 0.8611; nearest rank: p50 the 1st of 2, p90 the 2nd.
    expect(march).toMatchObject({ month: '2026-03', resolved: 2, meanDays: 0.8611, p50Days: 0.5, p90Days: 1.2222, stillOpen: 1, closedUnresolved: 0 });
    const resolved = await rowsOf(march.drill);
    expect(resolved.map(({ caseId, cycleDays }) => [caseId, cycleDays])).toEqual([['K-1', 1.2222], ['K-2', 0.5]]);
    expect(resolved[0]).toMatchObject({ resolvedMonth: '2026-03', causes: ['process', 'attitude'], repeat: true, events: '/v1/analytics/events?positions=10%2C11%2C12%2C13%2C20%2C21' });
    expect((await rowsOf(march.stillOpenDrill)).map(({ caseId }) => caseId)).toEqual(['K-3']);
  });

  it('lists complaints by team, channel, tier none and repeat; never a stub; refuses bad input naming every field', async () => {
    const ids = async (query: string) => (await rowsOf(`/v1/analytics/complaints/complaints?${query}`)).map(({ caseId }) => caseId);
    expect(await ids('')).toEqual(['K-1', 'K-2', 'K-3']);
    expect(await ids('team=T-2')).toEqual(['K-2']);
    expect(await ids('team=none&tier=none')).toEqual(['K-3']);
    expect(await ids('repeat=no&channel=phone')).toEqual(['K-3']);
    expect(await ids('resolvedMonth=2026-04')).toEqual([]);
    const bad = await get('/v1/analytics/complaints/rate?from=2026-03&groupBy=cause');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map(({ path }: { path: string }) => path)).toEqual(expect.arrayContaining(['query.to', 'query.groupBy']));
    expect((await get('/v1/analytics/complaints/complaints?repeat=maybe&cause=Bad')).json().errors.map(({ path }: { path: string }) => path)).toEqual(expect.arrayContaining(['query.repeat', 'query.cause']));
    const csv = await get('/v1/analytics/complaints/causes?from=2026-03&to=2026-03&format=csv');
    expect(csv.body.split('\r\n').slice(0, 2)).toEqual(['month,cause,count,share,withCause,complaints,drill', '2026-03,attitude,1,0.5,2,3,/v1/analytics/complaints/complaints?cause=attitude&month=2026-03']);
    const paths = Object.keys((await get('/openapi.json')).json().paths);
    expect(paths).toEqual(expect.arrayContaining(['rate', 'causes', 'repeats', 'cycle', 'complaints'].map((name) => `/v1/analytics/complaints/${name}`)));
  });
});
