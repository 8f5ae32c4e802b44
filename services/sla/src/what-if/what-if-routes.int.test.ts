import type { AddressInfo } from 'node:net';
import { defaultCalendarDocument } from '@ctp/calendar';
import { projectEvents } from '@ctp/projections';
import { bearer, testApp, testKeys } from '@ctp/service-kit/testing';
import { generateDemoCases, loadDemoCases } from '@ctp/synthetic-data';
import { mongoUrl, uniqueName, wholeFeed } from '@ctp/test-kit';
import type { FastifyInstance } from 'fastify';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseCommandRoutes } from '../cases/case-command-routes.js';
import { openCaseRoute } from '../cases/open-case-route.js';
import { caseProjection } from '../queue/case-projection.js';
import { freshSlaStores, testPolicy, type SlaStore } from '../test-support/sla-store.js';
import { whatIfRoutes } from './what-if-routes.js';

/** Thursday 12 March 2026, 14:00 in Shanghai: the demo cases lead up to it. */
const now = new Date('2026-03-12T06:00:00Z');
const seed = 'what_if';
const demoCases = generateDemoCases({ seed, customers: 20, cases: 40, now });
const mongo = new MongoClient(mongoUrl());

/** Every first response target one minute: answers that counted more than a minute of business time become breaches. */
const oneMinute = { rules: testPolicy.rules.map((rule) => (rule.targets.first_response ? { ...rule, targets: { ...rule.targets, first_response: { ...rule.targets.first_response, duration: 'PT1M' } } } : rule)) };

describe('the demo cases, and what-if over them', () => {
  const fresh = freshSlaStores(seed, now);
  let store: SlaStore;
  let app: FastifyInstance;
  let url: string;
  let loaded: Awaited<ReturnType<typeof loadDemoCases>>;
  const whatIf = (payload: object, role: Parameters<typeof bearer>[0] = 'analyst') => app.inject({ method: 'POST', url: '/v1/sla-policies/what-if', headers: bearer(role), payload });
  const head = () => store.stores.reader.headPosition();

  beforeAll(async () => {
    store = await fresh();
    const deps = store.depsWith();
    const db = mongo.db(uniqueName('sla_what_if'));
    app = await testApp({
      bodyLimitBytes: 1_000_000,
      routes: async (instance) => {
        await instance.register(openCaseRoute(deps));
        await instance.register(caseCommandRoutes(deps));
        await instance.register(whatIfRoutes(deps, { db }, { maxCases: 100 }));
        await instance.register(whatIfRoutes(deps, { db }, { maxCases: 5 }), { prefix: '/small' });
      },
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    loaded = await loadDemoCases(demoCases, { url, apiKey: testKeys.integrator });
    const events = await wholeFeed(store.stores.reader);
    await projectEvents(db, caseProjection, events.filter(({ streamId }) => streamId.startsWith('case-')));
  });

  afterAll(async () => {
    await app?.close();
    await mongo.close();
  });

  it('go in through the routes as a helpdesk sends them: openings, replies, customer messages, pauses, reopenings', async () => {
    const refused = Object.values(loaded.refused).reduce((sum, count) => sum + count, 0);
    expect(loaded.failures).toEqual([]);
    expect(loaded.opened + refused).toBe(demoCases.length);
    expect(Object.keys(loaded.refused).every((rule) => rule === 'customer_unknown')).toBe(true);
    expect(loaded.opened).toBeGreaterThan(20);
    const types = new Set((await wholeFeed(store.stores.reader)).map(({ type }) => type));
    for (const type of ['CaseOpened', 'CaseReplied', 'CaseCustomerWrote', 'CaseStatusChanged', 'SlaMet', 'SlaClockPaused', 'SlaClockResumed']) expect(types).toContain(type);
  });

  it('loaded again, record nothing: each case answers as already there and its steps are not sent', async () => {
    const before = await head();
    const again = await loadDemoCases(demoCases, { url, apiKey: testKeys.integrator });
    expect(again).toMatchObject({ opened: 0, steps: 0, existing: loaded.opened, failures: [] });
    expect(await head()).toBe(before);
  });

  it('replays the cases on the policy they counted on: nothing changes', async () => {
    const response = await whatIf({ policy: { rules: testPolicy.rules }, from: '2026-02-01T00:00:00Z', to: now.toISOString() });
    expect(response.statusCode, response.body).toBe(200);
    const result = response.json();
    expect(result).toMatchObject({ cases: loaded.opened, changes: [], notReplayed: [], to: now.toISOString() });
    for (const { before, after } of Object.values(result.metrics) as { before: unknown; after: unknown }[]) expect(after).toEqual(before);
    expect(result.metrics.first_response.before.met).toBeGreaterThan(0);
  });

  it('with a stricter first response, names the clocks that would have breached and the compliance before and after, writing nothing', async () => {
    const before = await head();
    const response = await whatIf({ policy: oneMinute, from: '2026-02-01T00:00:00Z' });
    expect(response.statusCode, response.body).toBe(200);
    const { metrics, changes } = response.json();
    expect(changes.length).toBeGreaterThan(0);
    for (const change of changes) expect(change).toMatchObject({ metric: 'first_response', cycle: 1, after: 'breached' });
    expect(metrics.first_response.after.breached).toBe(metrics.first_response.before.breached + changes.length);
    expect(metrics.first_response.after.compliance).toBeLessThan(metrics.first_response.before.compliance);
    expect(metrics.resolution.after).toEqual(metrics.resolution.before);
    expect(await head()).toBe(before);
  });

  it('with a proposed calendar: counts the cases on it in place of the published one', async () => {
    const allWeek = Object.fromEntries(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((day) => [day, [{ from: '00:00', to: '24:00' }]]));
    const response = await whatIf({ calendar: { ...defaultCalendarDocument, version: 2, week: allWeek, holidays: [], makeUpDays: [] } });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().cases).toBe(loaded.opened);
  });

  it('refuses a window with more cases than one request replays, naming from and to', async () => {
    const response = await app.inject({ method: 'POST', url: '/small/v1/sla-policies/what-if', headers: bearer('admin'), payload: { policy: oneMinute } });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map(({ path }: { path: string }) => path)).toEqual(['body.from', 'body.to']);
  });

  it('refuses a request proposing nothing, a window backwards, and bad rules, naming every field', async () => {
    const nothing = await whatIf({ from: now.toISOString(), to: '2026-03-01T00:00:00Z' });
    expect(nothing.statusCode).toBe(400);
    expect(nothing.json().errors.map(({ path }: { path: string }) => path)).toEqual(['body.policy', 'body.from']);
    const bad = await whatIf({ policy: { rules: [{ ...testPolicy.rules[0], warnAtRatio: 2, targets: {} }] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map(({ path }: { path: string }) => path)).toEqual(expect.arrayContaining(['body.policy.rules[0].warnAtRatio', 'body.policy.rules[0].targets']));
  });

  it('refuses a target on a calendar neither published nor proposed (422 sla_calendar_unknown)', async () => {
    const rules = testPolicy.rules.map((rule, index) => (index === 0 ? { ...rule, targets: { first_response: { duration: 'PT1H', basis: 'business', calendarId: 'nowhere' } } } : rule));
    const response = await whatIf({ policy: { rules } });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([expect.objectContaining({ path: 'body.policy.rules[0].targets.first_response.calendarId', rule: 'sla_calendar_unknown' })]);
  });

  it('is for analysts and admins', async () => {
    expect((await whatIf({ policy: oneMinute }, 'agent')).statusCode).toBe(403);
    expect((await whatIf({ policy: oneMinute }, 'integrator')).statusCode).toBe(403);
  });
});
