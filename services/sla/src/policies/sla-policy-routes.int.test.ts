import { streamIdFor } from '@ctp/contracts';
import { bearer, testApp } from '@ctp/service-kit/testing';
import { describe, expect, it } from 'vitest';
import { calendarRoutes } from '../calendars/calendar-routes.js';
import { freshSlaStores, testPolicy, type SlaStore } from '../test-support/sla-store.js';
import { slaPolicyRoutes } from './sla-policy-routes.js';

const now = new Date('2026-02-10T02:00:00Z');

const rules = testPolicy.rules;
const strictComplaints = [{ ...rules[0]!, targets: { ...rules[0]!.targets, first_response: { duration: 'PT10M', basis: 'business', calendarId: 'default' } } }, ...rules.slice(1)];
const onCalendar = (calendarId: string) => [{ ...rules[0]!, targets: { ...rules[0]!.targets, resolution: { duration: '2 working days', basis: 'business', calendarId } } }, ...rules.slice(1)];

const policyEvents = (store: SlaStore) => store.stores.store.readStream(streamIdFor('slaPolicy', 'default'));

describe('the SLA policy routes', () => {
  const given = freshSlaStores('sla_policy_routes', now);
  const appOn = (store: SlaStore) =>
    testApp({
      bodyLimitBytes: 100_000,
      routes: async (app) => {
        await app.register(slaPolicyRoutes(store.depsWith()));
        await app.register(calendarRoutes(store.depsWith()));
      },
    });

  it('publishes the next version for an admin and reads every version back', async () => {
    const store = await given();
    const app = await appOn(store);
    const first = await app.inject({ url: '/v1/sla-policies', headers: bearer('agent') });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ policyId: 'default', version: 1, policy: testPolicy, versions: [{ version: 1 }] });
    const published = await app.inject({ method: 'PUT', url: '/v1/sla-policies', headers: bearer('admin'), payload: { policy: { rules: strictComplaints }, expectedVersion: 1 } });
    expect(published.statusCode, published.body).toBe(201);
    expect(published.json()).toEqual({ policyId: 'default', version: 2, position: expect.stringMatching(/^\d+$/) });
    const latest = await app.inject({ url: '/v1/sla-policies', headers: bearer('auditor') });
    expect(latest.json()).toMatchObject({
      version: 2, policy: { id: 'default', version: 2, rules: strictComplaints }, publishedBy: { kind: 'api-key', role: 'admin' },
      versions: [{ version: 1 }, { version: 2, position: published.json().position }],
    });
    expect((await app.inject({ url: '/v1/sla-policies?version=1', headers: bearer('analyst') })).json()).toMatchObject({ version: 1, policy: testPolicy });
    expect((await app.inject({ url: '/v1/sla-policies?version=3', headers: bearer('analyst') })).statusCode).toBe(404);
    await app.close();
  });

  it('refuses a stale version (409), a calendar never published (422), a bad rule (400) and a non-admin (403), writing nothing', async () => {
    const store = await given();
    const app = await appOn(store);
    const put = (payload: object, role: 'admin' | 'agent' | 'analyst' = 'admin') => app.inject({ method: 'PUT', url: '/v1/sla-policies', headers: bearer(role), payload });
    const stale = await put({ policy: { rules: strictComplaints }, expectedVersion: 0 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'CTP_CONFLICT', latestVersion: 1, errors: [{ path: 'body.expectedVersion' }] });
    const unknown = await put({ policy: { rules: onCalendar('hong-kong') }, expectedVersion: 1 });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors).toEqual([{ path: 'body.policy.rules[0].targets.resolution.calendarId', message: 'calendar hong-kong was never published (PUT /v1/calendars/hong-kong first)', rule: 'sla_calendar_unknown' }]);
    const badRule = { ...rules[0]!, warnAtRatio: 1.5, targets: { first_response: { duration: 'P1D', basis: 'business', calendarId: 'default' } } };
    const bad = await put({ policy: { rules: [badRule], id: 'other' }, expectedVersion: -1 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map(({ path }: { path: string }) => path)).toEqual(expect.arrayContaining(['body.policy', 'body.policy.rules[0].warnAtRatio', 'body.policy.rules[0].targets.first_response.duration', 'body.expectedVersion']));
    for (const role of ['agent', 'analyst'] as const) expect((await put({ policy: { rules: strictComplaints }, expectedVersion: 1 }, role)).statusCode).toBe(403);
    expect((await app.inject({ url: '/v1/sla-policies', headers: bearer('integrator') })).statusCode).toBe(403);
    expect(await policyEvents(store)).toHaveLength(1);
    await app.close();
  });

  it('takes a calendar once it is published, and lists it among the service’s calendars', async () => {
    const store = await given();
    const app = await appOn(store);
    const week = { monday: [{ from: '09:00', to: '18:00' }], tuesday: [{ from: '09:00', to: '18:00' }] };
    const calendar = await app.inject({ method: 'PUT', url: '/v1/calendars/hong-kong', headers: bearer('admin'), payload: { calendar: { version: 1, timeZone: 'Asia/Hong_Kong', week } } });
    expect(calendar.statusCode, calendar.body).toBe(201);
    const published = await app.inject({ method: 'PUT', url: '/v1/sla-policies', headers: bearer('admin'), payload: { policy: { rules: onCalendar('hong-kong') }, expectedVersion: 1 } });
    expect(published.statusCode, published.body).toBe(201);
    const listed = await app.inject({ url: '/v1/calendars', headers: bearer('agent') });
    expect(listed.json().calendars.map(({ calendarId, latestVersion }: { calendarId: string; latestVersion: number }) => [calendarId, latestVersion])).toEqual([['default', 1], ['hong-kong', 1]]);
    await app.close();
  });
});
