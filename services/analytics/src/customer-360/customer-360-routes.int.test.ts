import type { RecordedEvent } from '@ctp/contracts';
import { projectEvents } from '@ctp/projections';
import { bearer, testApp } from '@ctp/service-kit/testing';
import { mongoUrl, uniqueName } from '@ctp/test-kit';
import type { FastifyInstance } from 'fastify';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSideAreas } from '../areas.js';
import type { Customer360ReadModels } from './customer-360-reads.js';
import { customer360Routes } from './index.js';
import { twoCustomers } from './test-support/customer-360-events.js';

const now = new Date('2026-05-02T02:00:00Z');
const events = twoCustomers();
const at = (position: number) => events.find(({ globalPosition }) => globalPosition === String(position))!;
const link = (...positions: number[]) => `/v1/analytics/events?positions=${positions.join('%2C')}`;
const keysOf = (value: unknown): string[] => (Array.isArray(value) ? value.flatMap(keysOf) : value !== null && typeof value === 'object' ? Object.entries(value).flatMap(([key, inner]) => [key, ...keysOf(inner)]) : []);
const categoryOf = ({ streamId }: RecordedEvent) => streamId.slice(0, streamId.indexOf('-'));

describe('GET /v1/analytics/customers/:customerId', () => {
  const client = new MongoClient(mongoUrl());
  const waited: string[] = [];
  let app: FastifyInstance;
  const get = (url: string, role: 'analyst' | 'auditor' | 'admin' | 'agent' = 'analyst') => app.inject({ url, headers: bearer(role) });

  beforeAll(async () => {
    const db = client.db(uniqueName('analytics_customer_360'));
    for (const { projection } of Object.values(readSideAreas)) {
      await projectEvents(db, projection, events.filter((event) => (projection.categories as readonly string[]).includes(categoryOf(event))));
    }
    const readModel = (name: string) => ({ db, readYourWrites: async (minPosition: string | undefined) => void waited.push(`${name}:${minPosition}`) });
    const readModels: Customer360ReadModels = {
      retention: readModel('retention'), tiers: readModel('tiers'), serviceLevels: readModel('serviceLevels'), satisfaction: readModel('satisfaction'), complaints: readModel('complaints'),
    };
    app = await testApp({ routes: customer360Routes({ readModels, timeZone: 'Asia/Shanghai', clock: () => now }) });
  });

  afterAll(async () => {
    await app?.close();
    await client.close();
  });

  it("composes one customer's view from the five read models, field by field", async () => {
    const response = await get('/v1/analytics/customers/C-1?minPosition=90');
    expect(response.statusCode, response.body).toBe(200);
    const view = response.json();
    expect(waited).toEqual(['retention', 'tiers', 'serviceLevels', 'satisfaction', 'complaints'].map((name) => `${name}:90`));
    expect(view.customerId).toBe('C-1');
    expect(view.meta).toMatchObject({ asOf: '2026-05-02T02:00:00.000Z', timeZone: 'Asia/Shanghai', sources: ['analytics-customers', 'analytics-tiers', 'analytics-service-levels', 'analytics-satisfaction', 'analytics-complaints'] });
    expect(Object.keys(view.meta.definitions)).toEqual(['profile', 'tier', 'purchases', 'cases', 'surveys', 'complaints', 'risk']);
    // Registration (10) and the merge (15); the interaction (16) is no fact of either read model.
    expect(view.profile).toEqual({ kind: 'person', customerSince: '2020-06-01', registeredAt: '2025-01-10T02:00:00.000Z', merged: false, mergedInto: null, mergedFrom: ['C-9'], erased: false, events: [link(10, 15)] });
    expect(view.profileLink).toBe('/v1/customers/C-1');
    // Assigned silver, upgraded to gold; the downgrade warning (32) changes no tier.
    expect(view.tier).toEqual({
      current: 'gold',
      since: '2026-01-15T02:00:00.000Z',
      history: [
        { id: at(30).id, at: '2025-02-01T02:00:00.000Z', from: null, to: 'silver', direction: 'assigned', rule: 'initial_assignment', events: link(30) },
        { id: at(31).id, at: '2026-01-15T02:00:00.000Z', from: 'silver', to: 'gold', direction: 'upgrade', rule: 'upgrade_immediate', events: link(31) },
      ],
      drill: '/v1/analytics/tiers/movements?customerId=C-1',
    });
    // O-1 (2025-03-01) is more than 365 days before 2026-05-02; CNY 100.00 + 250.50 = 350.50, less the 10.00 refund = 340.50.
    expect(view.purchases).toEqual({
      count: 3, firstPurchaseAt: '2025-03-01T02:00:00.000Z', lastPurchaseAt: '2026-04-01T02:00:00.000Z', last365Days: 2, refunds: 1,
      amounts: [{ currency: 'CNY', purchased: '350.50', refunded: '10.00', net: '340.50' }, { currency: 'USD', purchased: '20.99', refunded: '0.00', net: '20.99' }],
      events: [link(11, 12, 13, 14)],
    });
    expect(view.cases).toEqual({
      count: 2, clocks: 3, met: 1, breached: 1, running: 1,
      items: [
        {
          caseId: 'K-1', type: 'complaint', channel: 'phone', status: 'resolved', openedAt: '2026-03-02T01:00:00.000Z', resolvedAt: '2026-03-04T10:00:00.000Z',
          clocks: [
            { metric: 'first_response', cycle: 1, outcome: 'met', deadline: '2026-03-02T01:15:00.000Z', targetMs: 900_000, elapsedMs: 600_000, events: link(41, 44) },
            { metric: 'resolution', cycle: 1, outcome: 'breached', deadline: '2026-03-03T01:00:00.000Z', targetMs: 86_400_000, elapsedMs: 97_200_000, events: link(42, 45, 47) },
          ],
          events: link(40, 43, 46),
        },
        {
          caseId: 'K-2', type: 'inquiry', channel: 'email', status: 'open', openedAt: '2026-04-10T02:00:00.000Z', resolvedAt: null,
          clocks: [{ metric: 'first_response', cycle: 1, outcome: 'running', deadline: '2026-04-10T02:15:00.000Z', targetMs: 900_000, elapsedMs: null, events: link(51) }],
          events: link(50),
        },
      ],
    });
    expect(view.surveys).toEqual({
      count: 2, answered: 1, invited: 0, expired: 1, skipped: 0,
      items: [
        { invitationId: 'V-1', kind: 'transactional', status: 'answered', caseId: 'K-1', invitedAt: '2026-03-04T11:00:00.000Z', answeredAt: '2026-03-05T02:00:00.000Z', csat: 2, nps: 6, ces: 5, dimensions: { speed: 3 }, events: link(60, 61) },
        { invitationId: 'V-2', kind: 'transactional', status: 'expired', caseId: 'K-2', invitedAt: '2026-04-11T02:00:00.000Z', answeredAt: null, csat: null, nps: null, ces: null, dimensions: {}, events: link(65, 66) },
      ],
    });
    // K-1: Monday 09:00 to Wednesday 18:00 in Shanghai on Mon-Fri 9-18 = 27 h = 3 working days; its case's resolution (46) is in its trace.
    expect(view.complaints).toEqual({
      count: 2, open: 1, repeats: 1,
      items: [
        {
          caseId: 'K-1', channel: 'phone', causes: ['product_defect', 'process'], repeat: true, repeatOf: [{ cause: 'product_defect', earlierCaseId: 'K-0' }], state: 'resolved',
          openedAt: '2026-03-02T01:00:00.000Z', resolvedAt: '2026-03-04T10:00:00.000Z', closedAt: null, cycleDays: 3, events: link(46, 80, 81, 82),
        },
        { caseId: 'K-4', channel: 'phone', causes: [], repeat: false, repeatOf: [], state: 'open', openedAt: '2026-04-20T02:00:00.000Z', resolvedAt: null, closedAt: null, cycleDays: null, events: link(85) },
      ],
    });
    expect(view.riskReason).toBe(view.risk === null ? 'not an active customer: no purchase in the 365 days before today' : null);
  });

  it('never shows a personal field: not the name, email or external id registered, nor a survey answer\'s free text', async () => {
    const response = await get('/v1/analytics/customers/C-1');
    for (const personal of ['Li Lei', 'li.lei@example.com', 'ERP-C-1', 'Wang Fang', '138 0000 0000', 'broken on arrival']) expect(response.body).not.toContain(personal);
    // The risk section names the churn model's factors (`name: recency_drift`, ...): model output, not a customer's field.
    const { risk: _factors, ...view } = response.json() as Record<string, unknown>;
    const keys = keysOf(view);
    for (const field of ['name', 'email', 'phone', 'address', 'externalId', 'source', 'npsWhy', 'comment', 'reason']) expect(keys).not.toContain(field);
  });

  it('keeps customers apart: the other customer sees only their own facts', async () => {
    const view = (await get('/v1/analytics/customers/C-2', 'auditor')).json();
    expect(view.tier.current).toBe('bronze');
    expect(view.purchases).toMatchObject({ count: 1, amounts: [{ currency: 'CNY', purchased: '5.00', refunded: '0.00', net: '5.00' }] });
    expect(view.cases).toMatchObject({ count: 1, met: 0, breached: 1, running: 0 });
    expect(view.surveys.items.map(({ invitationId }: { invitationId: string }) => invitationId)).toEqual(['V-3']);
    expect(view.complaints.items.map(({ caseId }: { caseId: string }) => caseId)).toEqual(['K-5']);
  });

  it('a customer known to one area only: the other sections empty, not an error', async () => {
    const view = (await get('/v1/analytics/customers/C-3')).json();
    expect(view.profile).toEqual({ kind: null, customerSince: null, registeredAt: null, merged: false, mergedInto: null, mergedFrom: [], erased: false, events: [] });
    expect(view.tier).toEqual({ current: null, since: null, history: [], drill: '/v1/analytics/tiers/movements?customerId=C-3' });
    expect(view.purchases).toEqual({ count: 0, firstPurchaseAt: null, lastPurchaseAt: null, last365Days: 0, refunds: 0, amounts: [], events: [] });
    expect([view.cases.count, view.surveys.count, view.surveys.invited, view.complaints.count]).toEqual([0, 1, 1, 0]);
  });

  it('answers 404 when no read model knows the customer, 400 naming a bad id, 403 to an agent; the route is documented', async () => {
    const unknown = await get('/v1/analytics/customers/C-404', 'admin');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    const bad = await get('/v1/analytics/customers/_bad');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map(({ path }: { path: string }) => path)).toEqual(['params.customerId']);
    expect((await get('/v1/analytics/customers/C-1?minPosition=x')).json().errors.map(({ path }: { path: string }) => path)).toEqual(['query.minPosition']);
    expect((await get('/v1/analytics/customers/C-1', 'agent')).statusCode).toBe(403);
    expect(Object.keys((await get('/openapi.json')).json().paths)).toContain('/v1/analytics/customers/{customerId}');
  });
});
