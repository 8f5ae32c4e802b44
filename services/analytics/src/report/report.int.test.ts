import { createEventStore, type EventStore } from '@ctp/event-store';
import { bearer, testApp } from '@ctp/service-kit/testing';
import { mongoUrl, postgresUrl, uniqueName } from '@ctp/test-kit';
import type { FastifyInstance } from 'fastify';
import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { monthlyReports } from './monthly-reports.js';
import { reportFigures, type ReportFigures } from './report-figures.js';
import { reportRoutes } from './report-routes.js';
import { openReportStore, type ReportStore } from './report-store.js';
import { ensureReportTimer, reportTimerHandler, reportTimerId, reportTimerTable } from './report-timer.js';
import { projectHistory, publishCsatTarget, readModelsOn } from './test-support/report-history.js';
import { createTimerStore, startTimerWorker, type PostgresTimerStore } from '@ctp/timers';

const timeZone = 'Asia/Shanghai';
const browserPath = '/usr/bin/chromium';
const client = new MongoClient(mongoUrl());
let events: EventStore;
let db: Db;
let position: string;

beforeAll(async () => {
  events = await createEventStore(postgresUrl(), { schema: uniqueName('analytics_report') });
  position = (await publishCsatTarget(events, new Date('2026-03-01T02:00:00Z'))).position;
  db = client.db(uniqueName('analytics_report'));
  await projectHistory(db, events);
});
afterAll(async () => {
  await events?.close();
  await client.close();
});

describe('the monthly report’s figures (April 2026, worked out by hand)', () => {
  let figures: ReportFigures;
  beforeAll(async () => {
    figures = await reportFigures(readModelsOn(db), '2026-04', timeZone);
  });

  it('measures every target metric over the month, each with its drill link', () => {
    expect(figures.asOf).toBe('2026-04-30T16:00:00.000Z');
    expect(figures.trendMonths).toEqual(['2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04']);
    // CSAT: I-3 (4) and I-4 (2): 1 satisfied of 2. SLA: K-2's first response breached, nothing met: 0 of 1.
    expect(figures.headline.csat).toEqual({ value: 0.5, drill: '/v1/analytics/satisfaction/answers?from=2026-04&to=2026-04' });
    expect(figures.headline.sla_compliance).toEqual({ value: 0, drill: '/v1/analytics/service-levels/clocks?from=2026-04&to=2026-04' });
    // Complaints K-2 and K-3 over the customers with an April purchase, A and D: 2 / 2; none a repeat; K-2 resolved in 0.5 working days.
    expect(figures.headline.complaint_rate.value).toBe(1);
    expect(figures.headline.repeat_share.value).toBe(0);
    expect(figures.headline.complaint_cycle_days.value).toBe(0.5);
    // S: A and B active on 1 April, E: A, B and D on 1 May, N: D: (3 - 1) / 2 = 1, nobody lost. Repeat: A of A, B, D in the year to April.
    expect(figures.headline.retention.value).toBe(1);
    expect(figures.headline.churn.value).toBe(0);
    expect(figures.headline.repeat_purchase.value).toBe(0.3333);
  });

  it('shows the target’s progress as of the end of the month', () => {
    // Window March-April: 5, 4, 4, 2: 3 of 4 = 0.75; (0.75 - 0.78) / (0.85 - 0.78) = -0.4286; elapsed 61 of 365 days = 0.1671.
    expect(figures.targets).toEqual([expect.objectContaining({
      targetId: 'csat', metric: 'csat', baseline: 0.78, targetValue: 0.85, window: { from: '2026-03', to: '2026-04' }, current: 0.75,
      progress: -0.4286, elapsed: 0.1671, onTrack: false, drill: '/v1/analytics/satisfaction/answers?from=2026-03&to=2026-04',
    })]);
  });

  it('counts tiers, SLA compliance, satisfaction, complaints, their causes and retention, each row with its drill', () => {
    const april = figures.tiers.distribution.filter((row) => row['month'] === '2026-04');
    expect(april).toEqual([{ month: '2026-04', tier: 'gold', customers: 2, tiered: 2, share: 1, drill: '/v1/analytics/tiers/customers?asOf=2026-04&tier=gold' }]);
    expect(figures.tiers.distribution.filter((row) => row['month'] === '2026-03').map((row) => [row['tier'], row['customers']])).toEqual([['gold', 1], ['silver', 1]]);
    expect(figures.tiers.movements).toEqual([{ direction: 'upgrade', movements: 1, drill: '/v1/analytics/tiers/movements?direction=upgrade&from=2026-04&to=2026-04' }]);
    expect(figures.serviceLevels.byTier).toEqual([{
      tier: 'gold', met: 0, breached: 1, compliance: 0, decided: 1,
      drill: '/v1/analytics/service-levels/clocks?from=2026-04&tier=gold&to=2026-04', drillBreached: '/v1/analytics/service-levels/clocks?from=2026-04&outcome=breached&tier=gold&to=2026-04',
    }]);
    expect(figures.serviceLevels.byChannel).toEqual([expect.objectContaining({ channel: 'phone', met: 0, breached: 1 })]);
    expect(figures.satisfaction.trend.at(-1)).toMatchObject({ month: '2026-04', invited: 2, answered: 2, responseRate: 1, csat: 0.5, drill: '/v1/analytics/satisfaction/answers?month=2026-04' });
    expect(figures.satisfaction.trend.at(-2)).toMatchObject({ month: '2026-03', csat: 1 });
    expect(figures.complaints.rate.at(-1)).toEqual({ month: '2026-04', complaintRate: 1, complaints: 2, activeCustomers: 2, drill: '/v1/analytics/complaints/complaints?month=2026-04' });
    // K-2 (process, attitude) and K-3 (attitude): attitude 2 of the 2 with a cause, process 1.
    expect(figures.complaints.causes).toEqual([
      { month: '2026-04', cause: 'attitude', count: 2, share: 1, withCause: 2, complaints: 2, drill: '/v1/analytics/complaints/complaints?cause=attitude&month=2026-04' },
      { month: '2026-04', cause: 'process', count: 1, share: 0.5, withCause: 2, complaints: 2, drill: '/v1/analytics/complaints/complaints?cause=process&month=2026-04' },
    ]);
    expect(figures.complaints.cycle).toEqual([expect.objectContaining({ month: '2026-04', resolved: 1, meanDays: 0.5 })]);
    // March had K-1 (process).
    expect(figures.improvements.causes).toEqual([
      { cause: 'process', previous: 1, current: 1, change: 0, drill: '/v1/analytics/complaints/complaints?cause=process&month=2026-04', previousDrill: '/v1/analytics/complaints/complaints?cause=process&month=2026-03' },
      { cause: 'attitude', previous: 0, current: 2, change: 2, drill: '/v1/analytics/complaints/complaints?cause=attitude&month=2026-04', previousDrill: '/v1/analytics/complaints/complaints?cause=attitude&month=2026-03' },
    ]);
    expect(figures.improvements.actionList).toEqual([{
      actionId: 'A-1', title: 'Friendlier hotline scripts', owner: 'T-service', scope: { causes: ['attitude'], channels: [], tiers: [], teams: [] }, startsOn: '2026-04-01', dueDate: '2026-06-30',
      status: 'in_progress', action: '/v1/improvement-actions/A-1', effect: '/v1/improvement-actions/A-1/effect',
    }]);
    expect(figures.retention.trend.at(-1)).toMatchObject({ month: '2026-04', activeAtStart: 2, activeAtEnd: 3, new: 1, lost: 0, retention: 1, churn: 0 });
    expect(figures.retention.repeatPurchase).toEqual([expect.objectContaining({ month: '2026-04', repeatPurchase: 0.3333 })]);
  });

  it('gives the same numbers when built again over read models rebuilt from the same events', async () => {
    const rebuilt = client.db(uniqueName('analytics_report_rebuilt'));
    await projectHistory(rebuilt, events);
    expect(await reportFigures(readModelsOn(rebuilt), '2026-04', timeZone)).toEqual(figures);
  });
});

describe('the report routes', () => {
  const now = new Date('2026-06-10T02:00:00Z');
  let store: ReportStore;
  let app: FastifyInstance;
  const get = (url: string, role: Parameters<typeof bearer>[0] = 'analyst') => app.inject({ url, headers: bearer(role) });
  const post = (url: string, role: Parameters<typeof bearer>[0] = 'analyst') => app.inject({ method: 'POST', url, headers: bearer(role) });

  beforeAll(async () => {
    store = await openReportStore(postgresUrl(), uniqueName('analytics_reports'));
    const reports = monthlyReports({ events, readModels: readModelsOn(db), store, timeZone, clock: () => now, browserPath, locale: 'zh-CN' });
    app = await testApp({ routes: reportRoutes({ store, reports, timeZone, clock: () => now }) });
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  it('builds a past month on request and keeps it with the store position, downloadable as figures, HTML and PDF', async () => {
    const built = await post('/v1/analytics/reports/2026-04');
    expect(built.statusCode, built.body).toBe(201);
    expect(built.json()).toEqual({ month: '2026-04', generatedAt: now.toISOString(), position, trigger: 'requested', links: { figures: '/v1/analytics/reports/2026-04', html: '/v1/analytics/reports/2026-04.html', pdf: '/v1/analytics/reports/2026-04.pdf' } });
    expect((await get('/v1/analytics/reports', 'admin')).json().reports).toEqual([built.json()]);
    const figures = await get('/v1/analytics/reports/2026-04');
    expect(figures.json().figures).toEqual(await reportFigures(readModelsOn(db), '2026-04', timeZone));
    const html = await get('/v1/analytics/reports/2026-04.html');
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.body).toContain('服务质量月报 2026-04');
    expect(html.body).toContain('<a href="/v1/analytics/complaints/complaints?cause=attitude&amp;month=2026-04">2</a>');
    for (const url of ['/v1/analytics/reports/2026-04.pdf', '/v1/analytics/reports/2026-04?format=pdf']) {
      const pdf = await get(url);
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    }
  });

  it('refuses the current and a future month with 422, a bad month with 400, and answers 404 for a month never built', async () => {
    for (const month of ['2026-06', '2027-01']) {
      const refused = await post(`/v1/analytics/reports/${month}`);
      expect(refused.statusCode).toBe(422);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(JSON.stringify(refused.json())).toContain('params.month');
    }
    const bad = await post('/v1/analytics/reports/2026-13');
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('params.month');
    const clash = await get('/v1/analytics/reports/2026-04.pdf?format=html');
    expect(clash.statusCode).toBe(400);
    expect(JSON.stringify(clash.json())).toContain('query.format');
    const missing = await get('/v1/analytics/reports/2026-05.html');
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    expect(await store.has('2026-06')).toBe(false);
  });

  it('builds one report at a time per instance: a second build meanwhile is refused with 429 and retry-after, and then goes through', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const firstStarted = new Promise<void>((resolve) => (started = resolve));
    const reports = monthlyReports({ events, readModels: readModelsOn(db), store, timeZone, clock: () => now, browserPath, locale: 'en' });
    const held: typeof reports = { ...reports, generate: async (month, trigger) => (started(), await gate, reports.generate(month, trigger)) };
    const gated = await testApp({ routes: reportRoutes({ store, reports: held, timeZone, clock: () => now }) });
    try {
      const first = gated.inject({ method: 'POST', url: '/v1/analytics/reports/2026-03', headers: bearer('analyst') });
      await firstStarted;
      const second = await gated.inject({ method: 'POST', url: '/v1/analytics/reports/2026-02', headers: bearer('analyst') });
      expect(second.statusCode).toBe(429);
      expect(second.headers['content-type']).toContain('application/problem+json');
      expect(second.headers['retry-after']).toBe('5');
      expect(await store.has('2026-02')).toBe(false);
      release();
      expect((await first).statusCode).toBe(201);
      expect((await gated.inject({ method: 'POST', url: '/v1/analytics/reports/2026-02', headers: bearer('analyst') })).statusCode).toBe(201);
    } finally {
      release();
      await gated.close();
    }
  });

  it('is for analysts and admins, and documented in the catalogue', async () => {
    expect((await get('/v1/analytics/reports', 'agent')).statusCode).toBe(403);
    expect((await post('/v1/analytics/reports/2026-03', 'auditor')).statusCode).toBe(403);
    const { paths } = (await get('/openapi.json')).json();
    expect(Object.keys(paths)).toEqual(expect.arrayContaining(['/v1/analytics/reports', '/v1/analytics/reports/{month}']));
    expect(Object.keys(paths['/v1/analytics/reports/{month}'])).toEqual(expect.arrayContaining(['get', 'post']));
  });
});

describe('the monthly report timer', () => {
  const schedule = { timeZone, hour: 6 };
  let now = new Date('2026-04-20T02:00:00Z');
  const clock = () => now;
  let store: ReportStore;
  let timers: PostgresTimerStore;

  beforeAll(async () => {
    const schema = uniqueName('analytics_report_timers');
    store = await openReportStore(postgresUrl(), schema);
    timers = await createTimerStore(postgresUrl(), { schema, table: reportTimerTable, now: clock });
  });
  afterAll(async () => {
    await timers?.close();
    await store?.close();
  });

  it('fires once on the 1st, keeps the month’s report, schedules the next month’s, and a restarted worker goes on from there', async () => {
    const reports = monthlyReports({ events, readModels: readModelsOn(db), store, timeZone, clock, browserPath, locale: 'en' });
    const handle = reportTimerHandler(reports, timers, schedule);
    const worker = () => startTimerWorker({ store: timers, handle, now: clock, pollIntervalMs: 50 });
    expect(await ensureReportTimer(timers, now, schedule)).toBe('scheduled');
    expect(await ensureReportTimer(timers, now, schedule)).toBe('exists');
    expect((await timers.get(reportTimerId('2026-04')))?.dueAt.toISOString()).toBe('2026-04-30T22:00:00.000Z');

    now = new Date('2026-05-01T00:00:00Z');
    const first = worker();
    await vi.waitFor(async () => expect((await timers.get(reportTimerId('2026-05')))?.state).toBe('pending'), { timeout: 60_000, interval: 100 });
    await first.stop();
    const april = (await store.get('2026-04'))!;
    expect(april).toMatchObject({ month: '2026-04', trigger: 'scheduled', generatedAt: '2026-05-01T00:00:00.000Z', position });
    expect(april.pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await timers.get(reportTimerId('2026-04')))?.state).toBe('fired');
    expect((await timers.get(reportTimerId('2026-05')))?.dueAt.toISOString()).toBe('2026-05-31T22:00:00.000Z');

    // The service restarts: a new worker, a month later, fires the timer the first one scheduled.
    now = new Date('2026-06-01T00:00:00Z');
    const second = worker();
    await vi.waitFor(async () => expect((await timers.get(reportTimerId('2026-06')))?.state).toBe('pending'), { timeout: 60_000, interval: 100 });
    await second.stop();
    expect((await store.list()).map(({ month, trigger }) => [month, trigger])).toEqual([['2026-05', 'scheduled'], ['2026-04', 'scheduled']]);
  });

  it('makes no second report when the timer fires again for a month kept (a retry after a crash)', async () => {
    const reports = monthlyReports({ events, readModels: readModelsOn(db), store, timeZone, clock, browserPath, locale: 'en' });
    const kept = (await store.get('2026-04'))!;
    now = new Date('2026-06-02T00:00:00Z');
    await reportTimerHandler(reports, timers, schedule)({ kind: 'monthly-report', payload: { month: '2026-04' } });
    expect(await store.get('2026-04')).toEqual(kept);
    expect((await store.list()).filter(({ month }) => month === '2026-04')).toHaveLength(1);
    expect(await timers.schedule({ id: reportTimerId('2026-05'), kind: 'monthly-report', dueAt: now, payload: { month: '2026-05' } })).toBe('exists');
  });
});
