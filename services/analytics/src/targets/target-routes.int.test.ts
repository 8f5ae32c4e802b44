import type { RecordedEvent } from '@ctp/contracts';
import { createEventStore, type EventStore } from '@ctp/event-store';
import { projectEvents } from '@ctp/projections';
import { bearer, testApp } from '@ctp/service-kit/testing';
import { mongoUrl, postgresUrl, uniqueName, wholeFeed } from '@ctp/test-kit';
import type { FastifyInstance } from 'fastify';
import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaintFactProjection } from '../complaints/complaint-fact-projection.js';
import { calendarPublished, caseMoves, complaintStream } from '../complaints/test-support/complaint-events.js';
import { customerProjection } from '../retention/customer-projection.js';
import { customerEvents } from '../retention/test-support/customer-events.js';
import { invitationProjection } from '../satisfaction/invitation-projection.js';
import { serviceLevelProjection } from '../service-levels/service-level-projection.js';
import { caseEvents, recordedOn } from '../service-levels/test-support/case-events.js';
import { surveyStream } from '../satisfaction/test-support/survey-events.js';
import { recorded } from '../test-support/recorded-events.js';
import { ensurePlanTargets, planTargets } from './plan-targets.js';
import { targetProjection } from './target-projection.js';
import { targetRoutes } from './target-routes.js';

const now = new Date('2026-06-10T02:00:00Z');
const timeZone = 'Asia/Shanghai';
const at = (date: string) => `${date}T10:00:00+08:00`;
const answered = (id: string, date: string, csat: number, position: number) => surveyStream({ id, invitedAt: at(date), tier: 'gold', channel: 'phone' }, position, { csat, answeredAt: at(date) });

/** Every read model in the test's one database, as the service has them in MONGO_DATABASE. */
const readModelsOn = (db: Db) => {
  const view = { db, readYourWrites: async () => undefined };
  return { targets: view, satisfaction: view, complaints: view, serviceLevels: view, retention: view };
};

const csatTarget = {
  metric: 'csat', baseline: { value: 0.78, from: '2025-03', to: '2026-02' }, targetValue: 0.85,
  direction: 'increase', deadline: '2027-02-28', description: 'Satisfaction 78 % -> 85 % in 12 months', owner: 'service-quality',
};

describe('targets as versioned documents with their progress', () => {
  const client = new MongoClient(mongoUrl());
  let events: EventStore;
  let db: Db;
  let app: FastifyInstance;
  const put = (id: string, body: unknown, role: Parameters<typeof bearer>[0] = 'admin') => app.inject({ method: 'PUT', url: `/v1/analytics/targets/${id}`, headers: bearer(role), payload: body as object });
  const get = (url: string, role: Parameters<typeof bearer>[0] = 'analyst') => app.inject({ url, headers: bearer(role) });
  /** The targets read model catches up with the store, as the runtime would. */
  const catchUp = async () => void (await projectEvents(db, targetProjection, (await wholeFeed(events)) as RecordedEvent[]));

  beforeAll(async () => {
    events = await createEventStore(postgresUrl(), { schema: uniqueName('analytics_targets') });
    db = client.db(uniqueName('analytics_targets'));
    await projectEvents(db, invitationProjection, [
      // February (baseline months 2026-01..02): CSAT 5 and 2, 1 satisfied of 2 = 0.5.
      ...answered('F-1', '2026-02-03', 5, 10), ...answered('F-2', '2026-02-04', 2, 12),
      // March to May (the window): 5, 4, 4, 2, 5: 4 satisfied of 5 = 0.8. A June answer is after the last full month.
      ...answered('I-1', '2026-03-02', 5, 20), ...answered('I-2', '2026-03-20', 4, 22), ...answered('I-3', '2026-04-02', 4, 24),
      ...answered('I-4', '2026-05-02', 2, 26), ...answered('I-5', '2026-05-20', 5, 28), ...answered('J-1', '2026-06-02', 1, 30),
    ]);
    const purchase = (customerId: string, orderId: string, instant: string, position: number) => recorded(`customer-${customerId}`, customerEvents(customerId).purchased(orderId), instant, position);
    const purchases = [
      // The year ending May 2026 (2025-06..2026-05): A buys twice, B once, C only before it: 1 repeater of 2 buyers = 0.5.
      // Active customers (a purchase in the month): March A and B, April A, May none.
      purchase('A', 'A-1', '2026-03-05T02:00:00Z', 40), purchase('A', 'A-2', '2026-04-05T02:00:00Z', 41),
      purchase('B', 'B-1', '2026-03-10T02:00:00Z', 42), purchase('C', 'C-1', '2025-01-10T02:00:00Z', 43),
    ];
    await projectEvents(db, customerProjection, purchases);
    await projectEvents(db, complaintFactProjection, [
      ...calendarPublished(1, '2026-01-01T00:00:00+08:00', 50),
      ...purchases,
      // Friday 17:00 -> Tuesday 10:00 on Mon-Fri 9-18: 1 + 9 + 1 = 11 h = 1.2222 working days (resolved in March).
      ...complaintStream({ caseId: 'K-1', openedAt: '2026-03-06T17:00:00+08:00', tier: 'gold' }, 60),
      ...caseMoves('K-1', [['open', 'resolved', '2026-03-10T10:00:00+08:00']], 70),
      // Wednesday 10:00 -> 14:30: 4.5 h = 0.5 working days (resolved in April).
      ...complaintStream({ caseId: 'K-2', openedAt: '2026-04-08T10:00:00+08:00', tier: 'silver' }, 80),
      ...caseMoves('K-2', [['open', 'resolved', '2026-04-08T14:30:00+08:00']], 90),
    ]);
    // K-1 (2 March): first response met in 10 min, one reply, resolved, resolution met. K-2 (6 April, another customer):
    // first response breached, answered after 30 min; resolution running. Compliance 2 met / 3 decided = 0.6667;
    // FCR: K-1 the only solved case, at first contact, no repeat: 1; its wait 10 min.
    const k1 = caseEvents('K-1', { customerId: 'C-1' });
    const k2 = caseEvents('K-2', { customerId: 'C-2' });
    const step = (event: ReturnType<typeof k1.opened>, time: string) => ({ event, at: time });
    const [m2, a6] = [(time: string) => `2026-03-02T${time}:00+08:00`, (time: string) => `2026-04-06T${time}:00+08:00`];
    await projectEvents(db, serviceLevelProjection, [
      ...recordedOn('case-K-1', [
        step(k1.opened(m2('09:00')), m2('09:00')), step(k1.clockStarted('first_response', 1, m2('09:00'), m2('09:15')), m2('09:00')), step(k1.clockStarted('resolution', 1, m2('09:00'), m2('18:00')), m2('09:00')),
        step(k1.replied(m2('09:10')), m2('09:10')), step(k1.met('first_response', 1, m2('09:10'), m2('09:15'), 600_000), m2('09:10')),
        step(k1.status('open', 'resolved', m2('11:00')), m2('11:00')), step(k1.met('resolution', 1, m2('11:00'), m2('18:00'), 7_200_000), m2('11:00')),
      ], 200),
      ...recordedOn('case-K-2', [
        step(k2.opened(a6('09:00')), a6('09:00')), step(k2.clockStarted('first_response', 1, a6('09:00'), a6('09:15')), a6('09:00')), step(k2.clockStarted('resolution', 1, a6('09:00'), a6('18:00')), a6('09:00')),
        step(k2.breached('first_response', 1, a6('09:15'), a6('09:15')), a6('09:15')), step(k2.replied(a6('09:30')), a6('09:30')), step(k2.stopped('first_response', 1, a6('09:30'), 'replied', 1_800_000), a6('09:30')),
      ], 300),
    ]);
    app = await testApp({ routes: targetRoutes({ events, readModels: readModelsOn(db), timeZone, clock: () => now }) });
  });
  afterAll(async () => {
    await app?.close();
    await events?.close();
    await client.close();
  });

  it('publishes version 1, then answers its progress on the satisfaction figure with the drill of the figure row (numbers by hand)', async () => {
    const published = await put('csat-gold', { target: { ...csatTarget, scope: { tier: 'gold' } }, expectedVersion: 0 });
    expect(published.statusCode, published.body).toBe(201);
    expect(published.json()).toMatchObject({ targetId: 'csat-gold', version: 1 });
    await catchUp();
    const response = await get('/v1/analytics/targets');
    expect(response.statusCode, response.body).toBe(200);
    const [target] = response.json().targets;
    // Progress (0.8 - 0.78) / (0.85 - 0.78) = 0.2857. Elapsed: 2026-03-01 00:00 Shanghai to now is 101 days 10 h of the
    // 365 days to 2027-03-01 00:00 (the end of the deadline day): 101.4167 / 365 = 0.2779, so on track.
    expect(target).toMatchObject({
      targetId: 'csat-gold', version: 1, target: { metric: 'csat', scope: { tier: 'gold' } },
      progress: {
        baseline: { value: 0.78, measured: false }, targetValue: 0.85, window: { from: '2026-03', to: '2026-05' }, current: 0.8,
        progress: 0.2857, elapsed: 0.2779, onTrack: true, drill: '/v1/analytics/satisfaction/answers?from=2026-03&tier=gold&to=2026-05',
      },
    });
  });

  it('measures a baseline left out over its period and takes a relative target from it', async () => {
    const relative = { ...csatTarget, baseline: { from: '2026-01', to: '2026-02' }, targetValue: undefined, targetChange: 0.2, deadline: '2026-12-31' };
    expect((await put('csat-relative', { target: relative, expectedVersion: 0 })).statusCode).toBe(201);
    const response = await get('/v1/analytics/targets/csat-relative', 'auditor');
    expect(response.statusCode, response.body).toBe(200);
    // Baseline 0.5 (February), target 0.5 x 1.2 = 0.6, current 0.8: (0.8 - 0.5) / (0.6 - 0.5) = 3.
    expect(response.json()).toMatchObject({
      version: 1, versions: [{ version: 1 }],
      progress: { baseline: { value: 0.5, measured: true, drill: '/v1/analytics/satisfaction/answers?from=2026-01&to=2026-02' }, targetValue: 0.6, current: 0.8, progress: 3, onTrack: true },
    });
  });

  it('follows repeat purchase over the year ending with the last full month, drilling to its repeat buyers', async () => {
    const target = { ...csatTarget, metric: 'repeat_purchase', baseline: { value: 0.25, from: '2025-03', to: '2026-02' }, targetValue: 0.5 };
    expect((await put('repeat-purchase', { target, expectedVersion: 0 })).statusCode).toBe(201);
    // (0.5 - 0.25) / (0.5 - 0.25) = 1: reached, ahead of the 0.2779 of the time elapsed.
    expect((await get('/v1/analytics/targets/repeat-purchase')).json().progress).toMatchObject({
      current: 0.5, progress: 1, onTrack: true, drill: '/v1/analytics/retention/customers?month=2026-05&state=repeat&window=year',
    });
  });

  it('pools the complaint figures over the window’s months', async () => {
    const decrease = { ...csatTarget, direction: 'decrease', baseline: { value: 7, from: '2025-03', to: '2026-02' }, targetValue: 3 };
    expect((await put('cycle', { target: { ...decrease, metric: 'complaint_cycle_days' }, expectedVersion: 0 })).statusCode).toBe(201);
    expect((await put('rate', { target: { ...decrease, metric: 'complaint_rate', baseline: { value: 1, from: '2025-03', to: '2026-02' }, targetValue: 0.5 }, expectedVersion: 0 })).statusCode).toBe(201);
    // Cycle: March 1.2222 days (1 resolved), April 0.5 (1): 0.8611; (0.8611 - 7) / (3 - 7) = 1.5347.
    expect((await get('/v1/analytics/targets/cycle')).json().progress).toMatchObject({ current: 0.8611, progress: 1.5347, onTrack: true, drill: '/v1/analytics/complaints/cycle?from=2026-03&to=2026-05' });
    // Rate: 2 complaints (March, April) over 2 + 1 + 0 active customer-months = 0.6667; (0.6667 - 1) / (0.5 - 1) = 0.6666.
    expect((await get('/v1/analytics/targets/rate')).json().progress).toMatchObject({ current: 0.6667, progress: 0.6666, onTrack: true, drill: '/v1/analytics/complaints/complaints?from=2026-03&to=2026-05' });
  });

  it('follows the service-level figures: compliance of the cases opened, first-contact resolution and the wait of those resolved', async () => {
    const target = (metric: string, value: number, targetValue: number, direction = 'increase') => ({ ...csatTarget, metric, direction, baseline: { value, from: '2025-03', to: '2026-02' }, targetValue });
    expect((await put('sla', { target: target('sla_compliance', 0.6, 0.8), expectedVersion: 0 })).statusCode).toBe(201);
    expect((await put('fcr', { target: target('fcr', 0.5, 0.75), expectedVersion: 0 })).statusCode).toBe(201);
    expect((await put('wait', { target: target('average_wait_minutes', 20, 15, 'decrease'), expectedVersion: 0 })).statusCode).toBe(201);
    // (0.6667 - 0.6) / (0.8 - 0.6) = 0.3335; (1 - 0.5) / (0.75 - 0.5) = 2; (10 - 20) / (15 - 20) = 2.
    expect((await get('/v1/analytics/targets/sla')).json().progress).toMatchObject({ current: 0.6667, progress: 0.3335, onTrack: true, drill: '/v1/analytics/service-levels/clocks?from=2026-03&to=2026-05' });
    expect((await get('/v1/analytics/targets/fcr')).json().progress).toMatchObject({ current: 1, progress: 2, onTrack: true, drill: '/v1/analytics/service-levels/cases?resolvedFrom=2026-03&resolvedTo=2026-05' });
    expect((await get('/v1/analytics/targets/wait')).json().progress).toMatchObject({ current: 10, progress: 2, onTrack: true });
  });

  it('refuses a stale expectedVersion with 409 naming the latest, and publishes the next one', async () => {
    const stale = await put('csat-gold', { target: csatTarget, expectedVersion: 0 });
    expect(stale.statusCode, stale.body).toBe(409);
    expect(stale.json()).toMatchObject({ latestVersion: 1 });
    expect(JSON.stringify(stale.json())).toContain('body.expectedVersion');
    expect((await put('csat-gold', { target: { ...csatTarget, targetValue: 0.9 }, expectedVersion: 1 })).json()).toMatchObject({ version: 2 });
    expect((await get('/v1/analytics/targets/csat-gold')).json()).toMatchObject({ version: 2, target: { targetValue: 0.9 }, versions: [{ version: 1 }, { version: 2 }] });
  });

  it('answers 400 naming every bad field, 403 to an analyst writing, 404 for a target never published', async () => {
    const bad = await put('csat-gold', { target: { ...csatTarget, metric: 'happiness', deadline: '2027-13-01', baseline: { value: 0.78, from: '2026-02', to: '2025-12' } }, expectedVersion: -1 });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    const paths = JSON.stringify(bad.json());
    for (const path of ['body.target.metric', 'body.target.deadline', 'body.target.baseline.to', 'body.expectedVersion']) expect(paths).toContain(path);
    const scoped = await put('retention-gold', { target: { ...csatTarget, metric: 'retention', targetValue: 0.9, scope: { tier: 'gold' } }, expectedVersion: 0 });
    expect(scoped.statusCode).toBe(400);
    expect(JSON.stringify(scoped.json())).toContain('body.target.scope');
    const wrongWay = await put('csat-down', { target: { ...csatTarget, direction: 'decrease' }, expectedVersion: 0 });
    expect(JSON.stringify(wrongWay.json())).toContain('body.target.direction');
    expect((await put('csat-gold', { target: csatTarget, expectedVersion: 2 }, 'analyst')).statusCode).toBe(403);
    expect((await get('/v1/analytics/targets', 'agent')).statusCode).toBe(403);
    expect((await get('/v1/analytics/targets/nothing-here')).statusCode).toBe(404);
  });

  it('documents its routes in the catalogue', async () => {
    const { paths } = (await get('/openapi.json')).json();
    expect(Object.keys(paths)).toEqual(expect.arrayContaining(['/v1/analytics/targets', '/v1/analytics/targets/{targetId}']));
    expect(Object.keys(paths['/v1/analytics/targets/{targetId}'])).toEqual(expect.arrayContaining(['get', 'put']));
  });

  it('preloads the plans’ targets once: a second start publishes nothing', async () => {
    expect(await ensurePlanTargets({ events, timeZone, clock: () => now })).toEqual(Object.keys(planTargets));
    expect(await ensurePlanTargets({ events, timeZone, clock: () => now })).toEqual([]);
    const cycle = (await get('/v1/analytics/targets/plan-complaint-cycle')).json();
    expect(cycle).toMatchObject({ version: 1, target: { metric: 'complaint_cycle_days', baseline: { value: 7, from: '2025-06', to: '2026-05' }, targetValue: 3, direction: 'decrease', deadline: '2027-05-31' } });
  });
});
