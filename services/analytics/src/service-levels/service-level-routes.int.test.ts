import type { RecordedEvent } from '@ctp/contracts';
import { projectEvents } from '@ctp/projections';
import { bearer, testApp } from '@ctp/service-kit/testing';
import { mongoUrl, uniqueName } from '@ctp/test-kit';
import type { FastifyInstance } from 'fastify';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceLevelProjection } from './service-level-projection.js';
import { serviceLevelRoutes } from './service-level-routes.js';
import { caseEvents, recordedOn } from './test-support/case-events.js';

const now = new Date('2026-04-20T02:00:00Z');
const on = (day: string, time: string) => `2026-03-${day}T${time}:00+08:00`;
const minutes = (n: number) => n * 60_000;
const base = '/v1/analytics/service-levels';

/**
 * March 2026 (Asia/Shanghai), by hand:
 * K-1 C-1 phone complaint gold, team T-1: first response met in 10 min, one reply, resolved 2 March, resolution met in 60 min.
 * K-2 C-2 email inquiry, no tier: first response met in 20 min, two replies, resolved 4 March, resolution met in 120 min.
 * K-3 C-3 phone complaint gold: first response met in 40 min, one reply, resolved 6 March, resolution met in 30 min.
 * K-4 C-3 phone complaint gold, opened 8 March (within 7 days of K-3's resolution): first response breached, resolution running.
 * first_response: met 3, breached 1 -> 0.75; elapsed 10, 20, 40 min -> p50 20 min, p90 40 min.
 * resolution: met 3, running 1 -> 1; elapsed 30, 60, 120 min -> p50 60 min, p90 120 min.
 * FCR: solved K-1, K-2, K-3; K-2 had two replies, K-3 a repeat (K-4) -> 1 / 3; gold 1 / 2, no tier 0 / 1.
 * Wait: 10, 20, 40 min -> mean 23.3333 min (1,400,000 ms), p90 40 min.
 * K-5 C-5, no clocks, resolved 15 April: five days before now, its 7-day window still open.
 */
function march(): RecordedEvent[] {
  const answered = (caseId: string, shape: Parameters<typeof caseEvents>[1], day: string, firstWait: number, replies: number, resolutionMs: number) => {
    const k = caseEvents(caseId, shape);
    return [
      k.opened(on(day, '09:00')),
      k.clockStarted('first_response', 1, on(day, '09:00'), on(day, '10:00')),
      k.clockStarted('resolution', 1, on(day, '09:00'), on('31', '18:00')),
      ...(caseId === 'K-1' ? [k.reassigned({ kind: 'team', id: 'T-1' }, on(day, '09:01'))] : []),
      k.replied(on(day, '09:50')),
      k.met('first_response', 1, on(day, '09:50'), on(day, '10:00'), firstWait),
      ...Array.from({ length: replies - 1 }, () => k.replied(on(day, '10:00'))),
      k.status('open', 'resolved', on(day, '11:00')),
      k.met('resolution', 1, on(day, '11:00'), on('31', '18:00'), resolutionMs),
    ];
  };
  const k4 = caseEvents('K-4', { customerId: 'C-3' });
  const k5 = caseEvents('K-5', { customerId: 'C-5' });
  const april15 = '2026-04-15T09:00:00+08:00';
  const streams = [
    answered('K-1', { customerId: 'C-1' }, '02', minutes(10), 1, minutes(60)),
    answered('K-2', { customerId: 'C-2', channel: 'email', type: 'inquiry', tier: null }, '04', minutes(20), 2, minutes(120)),
    answered('K-3', { customerId: 'C-3' }, '06', minutes(40), 1, minutes(30)),
    [k4.opened(on('08', '09:00')), k4.clockStarted('first_response', 1, on('08', '09:00'), on('08', '09:15')), k4.clockStarted('resolution', 1, on('08', '09:00'), on('31', '18:00')), k4.breached('first_response', 1, on('08', '09:15'), on('08', '09:15'))],
    [k5.opened(april15), k5.status('open', 'resolved', april15)],
  ];
  return streams.flatMap((events, index) => recordedOn(`case-K-${index + 1}`, events.map((event) => ({ event, at: on('10', '09:00') })), 100 * (index + 1)));
}

describe('the service-levels routes', () => {
  const client = new MongoClient(mongoUrl());
  let app: FastifyInstance;
  const get = (url: string) => app.inject({ url, headers: bearer('analyst') });

  beforeAll(async () => {
    const db = client.db(uniqueName('analytics_service_levels_routes'));
    await projectEvents(db, serviceLevelProjection, march());
    app = await testApp({ routes: serviceLevelRoutes({ db, readYourWrites: async () => undefined, timeZone: 'Asia/Shanghai', clock: () => now }) });
  });
  afterAll(async () => {
    await app.close();
    await client.close();
  });

  it('answers compliance by metric with p50/p90 of the time counted, and each row drills to its clocks', async () => {
    const response = await get(`${base}/compliance?from=2026-03&to=2026-03&groupBy=metric`);
    expect(response.statusCode, response.body).toBe(200);
    const { meta, columns, rows } = response.json();
    expect(meta).toMatchObject({ figure: 'compliance', period: { from: '2026-03', to: '2026-03' }, timeZone: 'Asia/Shanghai', asOf: now.toISOString(), definitions: { compliance: expect.stringContaining('met / (met + breached)') } });
    expect(columns).toEqual(expect.arrayContaining(['metric', 'met', 'breached', 'compliance', 'decided', 'elapsedP50Ms', 'elapsedP90Hours', 'drill']));
    expect(rows).toEqual([
      expect.objectContaining({ metric: 'first_response', met: 3, breached: 1, running: 0, compliance: 0.75, decided: 4, elapsedP50Ms: minutes(20), elapsedP90Ms: minutes(40), elapsedP50Hours: 0.3333, drill: `${base}/clocks?from=2026-03&metric=first_response&to=2026-03` }),
      expect.objectContaining({ metric: 'resolution', met: 3, breached: 0, running: 1, compliance: 1, elapsedP50Ms: minutes(60), elapsedP90Ms: minutes(120), elapsedP90Hours: 2 }),
    ]);
    const breached = (await get(rows[0].drillBreached)).json();
    expect(breached.rows).toEqual([expect.objectContaining({ clockId: 'K-4:first_response:1', caseId: 'K-4', outcome: 'breached', tier: 'gold', month: '2026-03', events: expect.stringMatching(/^\/v1\/analytics\/events\?positions=/) })]);
    expect((await get(rows[0].drill)).json().rows.map(({ clockId }: { clockId: string }) => clockId)).toEqual(['K-1:first_response:1', 'K-2:first_response:1', 'K-3:first_response:1', 'K-4:first_response:1']);
  });

  it('answers first-contact resolution and the average wait by tier, and drills to the cases with their verdict', async () => {
    const response = await get(`${base}/first-contact?from=2026-03&to=2026-03&groupBy=tier`);
    expect(response.statusCode, response.body).toBe(200);
    const { meta, rows } = response.json();
    expect(meta).toMatchObject({ figure: 'first-contact', windowOpen: 0 });
    expect(rows).toEqual([
      expect.objectContaining({ tier: 'gold', solved: 2, atFirstContact: 2, repeated: 1, fcr: 0.5, fcrCases: 1, waited: 2, averageWaitMs: minutes(25), drill: `${base}/cases?resolvedFrom=2026-03&resolvedTo=2026-03&tier=gold` }),
      expect.objectContaining({ tier: null, solved: 1, atFirstContact: 0, fcr: 0, averageWaitMs: minutes(20), drill: `${base}/cases?resolvedFrom=2026-03&resolvedTo=2026-03&tier=none` }),
    ]);
    const all = (await get(`${base}/first-contact?from=2026-03&to=2026-03`)).json().rows;
    expect(all).toEqual([expect.objectContaining({ solved: 3, fcr: 0.3333, fcrCases: 1, averageWaitMs: 1_400_000, averageWaitMinutes: 23.3333, p90WaitMs: minutes(40) })]);
    const gold = (await get(rows[0].drill)).json().rows;
    expect(gold).toEqual([
      expect.objectContaining({ caseId: 'K-1', fcr: 'yes', atFirstContact: true, repeatCaseIds: [], team: 'T-1', resolvedMonth: '2026-03' }),
      expect.objectContaining({ caseId: 'K-3', fcr: 'no', atFirstContact: true, repeatCaseIds: ['K-4'] }),
    ]);
    expect((await get(rows[0].drillFcr)).json().rows.map(({ caseId }: { caseId: string }) => caseId)).toEqual(['K-1']);
  });

  it('groups by month and team (none for cases never given to a team), and flags resolutions whose 7 days have not passed', async () => {
    const { rows } = (await get(`${base}/compliance?from=2026-03&to=2026-04&groupBy=month,team&metric=first_response`)).json();
    expect(rows).toEqual([
      expect.objectContaining({ month: '2026-03', team: 'T-1', met: 1, decided: 1, drill: `${base}/clocks?metric=first_response&month=2026-03&team=T-1` }),
      expect.objectContaining({ month: '2026-03', team: null, met: 2, breached: 1, compliance: 0.6667, drill: `${base}/clocks?metric=first_response&month=2026-03&team=none` }),
    ]);
    expect((await get(rows[1].drill)).json().rows.map(({ caseId }: { caseId: string }) => caseId)).toEqual(['K-2', 'K-3', 'K-4']);
    const april = (await get(`${base}/first-contact?from=2026-04&to=2026-04&groupBy=month`)).json();
    expect(april.meta.windowOpen).toBe(1);
    expect(april.rows).toEqual([expect.objectContaining({ month: '2026-04', solved: 1, fcr: 1, windowOpen: 1, waited: 0, averageWaitMs: null, drill: `${base}/cases?resolvedMonth=2026-04` })]);
  });

  it('answers the same table as CSV, and lists documented in /openapi.json', async () => {
    const csv = await get(`${base}/compliance?from=2026-03&to=2026-03&groupBy=metric&format=csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    const [header, firstResponse] = csv.body.split('\r\n');
    expect(header).toBe('metric,met,breached,running,stopped,compliance,decided,timed,elapsedP50Ms,elapsedP90Ms,elapsedP50Hours,elapsedP90Hours,drill,drillBreached');
    expect(firstResponse).toMatch(/^first_response,3,1,0,0,0\.75,4,3,1200000,2400000,0\.3333,0\.6667,/);
    const paged = (await get(`${base}/cases?limit=2`)).json();
    expect(paged.rows.map(({ caseId }: { caseId: string }) => caseId)).toEqual(['K-1', 'K-2']);
    expect(paged.meta.next).toBe('K-2');
    expect((await get(`${base}/cases?limit=2&after=K-2`)).json()).toMatchObject({ rows: [{ caseId: 'K-3' }, { caseId: 'K-4', fcr: null }], meta: { next: 'K-4' } });
    expect((await get(`${base}/cases?limit=2&after=K-4`)).json()).toMatchObject({ rows: [{ caseId: 'K-5', fcr: 'yes', windowOpen: true }], meta: { next: null } });
    const paths = Object.keys((await app.inject({ url: '/openapi.json' })).json().paths);
    expect(paths).toEqual(expect.arrayContaining([`${base}/compliance`, `${base}/first-contact`, `${base}/clocks`, `${base}/cases`]));
  });

  it('refuses bad input with one 400 naming every bad field, and readers only', async () => {
    const bad = await get(`${base}/compliance?from=2026-13&to=2026-01&groupBy=colour&channel=fax&extra=1`);
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    const errors: { path: string; message: string }[] = bad.json().errors;
    expect(errors.map(({ path }) => path)).toEqual(expect.arrayContaining(['query.from', 'query.groupBy', 'query.channel']));
    // An unknown parameter is named in the message of the query's own problem.
    expect(errors.find(({ path }) => path === 'query')?.message).toContain('extra');
    const paths = async (url: string) => (await get(url)).json().errors.map(({ path }: { path: string }) => path);
    expect(await paths(`${base}/cases?fcr=maybe&outcome=met`)).toEqual(['query.fcr', 'query']);
    // The months are checked once every field parsed (zod runs refinements on a valid object).
    expect(await paths(`${base}/cases?resolvedMonth=2026-03&resolvedFrom=2026-01&resolvedTo=2026-02&from=2026-02`)).toEqual(['query.to', 'query.resolvedMonth']);
    expect((await app.inject({ url: `${base}/compliance?from=2026-03&to=2026-03`, headers: bearer('agent') })).statusCode).toBe(403);
  });
});
