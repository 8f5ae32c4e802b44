import { projectEvents } from '@ctp/projections';
import { bearer, testApp } from '@ctp/service-kit/testing';
import { mongoUrl, uniqueName } from '@ctp/test-kit';
import type { FastifyInstance } from 'fastify';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactProjection } from './contact-projection.js';
import { contactReadRoutes } from './contact-read-routes.js';
import { knownCoverage } from './test-support/known-coverage.js';
import { recordedContacts } from './test-support/recorded-contacts.js';

const client = new MongoClient(mongoUrl());

describe('contact coverage and the overdue list', () => {
  let app: FastifyInstance;
  const get = (url: string, role: Parameters<typeof bearer>[0] = 'analyst') => app.inject({ url, headers: bearer(role) });

  beforeAll(async () => {
    const db = client.db(uniqueName('feedback_contact_reads'));
    const recorded = Object.entries(knownCoverage).flatMap(([customerId, events], index) => recordedContacts(customerId, events, 1 + index * 100));
    await projectEvents(db, contactProjection, recorded);
    app = await testApp({ routes: contactReadRoutes({ db, readYourWrites: async () => undefined }) });
  });

  afterAll(async () => {
    await app.close();
    await client.close();
  });

  it('gives coverage % = fulfilled / due on a known set, in total and per tier, team and account manager', async () => {
    const response = await get('/v1/contacts/coverage?from=2026-01-01&to=2027-12-31');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      from: '2026-01-01',
      to: '2027-12-31',
      total: { due: 5, fulfilled: 3, late: 1, overdue: 1, coveragePercent: 60 },
      byTier: [
        { tier: 'key', due: 3, fulfilled: 2, late: 1, overdue: 0, coveragePercent: 66.7 },
        { tier: 'standard', due: 2, fulfilled: 1, late: 0, overdue: 1, coveragePercent: 50 },
      ],
      byTeam: [
        { team: 'north', due: 3, fulfilled: 2, late: 1, overdue: 0, coveragePercent: 66.7 },
        { team: 'south', due: 2, fulfilled: 1, late: 0, overdue: 1, coveragePercent: 50 },
      ],
      byAccountManager: [
        { accountManager: 'am-li', due: 3, fulfilled: 2, late: 1, overdue: 0, coveragePercent: 66.7 },
        { accountManager: 'am-wu', due: 1, fulfilled: 0, late: 0, overdue: 1, coveragePercent: 0 },
        { accountManager: 'none', due: 1, fulfilled: 1, late: 0, overdue: 0, coveragePercent: 100 },
      ],
    });
  });

  it('counts only the due days in [from, to], and filters by tier, team and manager', async () => {
    expect((await get('/v1/contacts/coverage?from=2026-01-01&to=2026-06-30')).json().total).toEqual({ due: 1, fulfilled: 0, late: 0, overdue: 0, coveragePercent: 0 });
    expect((await get('/v1/contacts/coverage?from=2026-01-01&to=2027-12-31&team=south')).json().total).toMatchObject({ due: 2, fulfilled: 1, coveragePercent: 50 });
    expect((await get('/v1/contacts/coverage?from=2026-01-01&to=2027-12-31&manager=am-li&tier=key')).json().total).toMatchObject({ due: 3, coveragePercent: 66.7 });
    expect((await get('/v1/contacts/coverage?from=2025-01-01&to=2025-12-31')).json().total).toEqual({ due: 0, fulfilled: 0, late: 0, overdue: 0, coveragePercent: null });
  });

  it('refuses a bad range naming each field, and other roles', async () => {
    const response = await get('/v1/contacts/coverage?from=2026-13-01&to=soon');
    expect(response.statusCode).toBe(400);
    const paths = (response.json().errors as { path: string }[]).map(({ path }) => path);
    expect(paths).toEqual(expect.arrayContaining([expect.stringContaining('from'), expect.stringContaining('to')]));
    expect((await get('/v1/contacts/coverage?from=2026-01-01&to=2026-12-31', 'agent')).statusCode).toBe(403);
  });

  it('lists overdue obligations with their escalation, for agents too', async () => {
    const response = await get('/v1/contacts/overdue', 'agent');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ total: 1, obligations: [{ obligationId: 'S-C:1', customerId: 'S-C', kind: 'callback', team: 'south', accountManager: 'am-wu', escalation: { level: 1, to: { kind: 'account_manager', id: 'am-wu' } } }] });
    expect((await get('/v1/contacts/overdue?team=north')).json().total).toBe(0);
  });
});
