import type { CaseEvent } from '@ctp/contracts';
import { projectEvents } from '@ctp/projections';
import { bearer, testApp } from '@ctp/service-kit/testing';
import { mongoUrl, uniqueName } from '@ctp/test-kit';
import type { FastifyInstance } from 'fastify';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCase, play, reply, status, type Step } from '../domain/test-support/cases.js';
import { caseProjection } from './case-projection.js';
import { queueRoutes } from './queue-routes.js';
import { recordedCase } from './test-support/recorded-case.js';

const client = new MongoClient(mongoUrl());
const first = { metric: 'first_response', cycle: 1 } as const;
const day = '2026-03-04T';

/** Cases by id, each with the story that puts its next deadline where the test wants it. */
const stories: Record<string, Step[]> = {
  'K-breached': [openCase({ caseId: 'K-breached', openedAt: `${day}09:00:00+08:00` }), { kind: 'fire', timer: { ...first, kind: 'warning' }, now: `${day}09:12:00+08:00` }, { kind: 'fire', timer: { ...first, kind: 'breach' }, now: `${day}09:16:00+08:00` }],
  'K-online': [openCase({ caseId: 'K-online', channel: 'online', openedAt: `${day}13:00:00+08:00` })],
  'K-phone': [openCase({ caseId: 'K-phone', openedAt: `${day}14:00:00+08:00` })],
  'K-email': [openCase({ caseId: 'K-email', channel: 'email', type: 'inquiry', openedAt: `${day}14:00:00+08:00`, tierAtStart: { tier: 'gold', tierPolicyId: 'default', tierPolicyVersion: 1 } })],
  'K-answered': [openCase({ caseId: 'K-answered', openedAt: `${day}10:00:00+08:00` }), reply(`${day}10:05:00+08:00`)],
  'K-resolved': [openCase({ caseId: 'K-resolved', openedAt: `${day}08:00:00+08:00` }), reply(`${day}09:05:00+08:00`), status('resolved', `${day}09:30:00+08:00`)],
  'K-waiting': [openCase({ caseId: 'K-waiting', openedAt: `${day}08:30:00+08:00` }), reply(`${day}09:05:00+08:00`), status('waiting_on_customer', `${day}10:00:00+08:00`)],
  'K-waited': [openCase({ caseId: 'K-waited', openedAt: `${day}11:00:00+08:00`, channel: 'letter' }), reply(`${day}11:05:00+08:00`), status('waiting_on_third_party', `${day}11:30:00+08:00`), status('open', `${day}15:30:00+08:00`)],
};
const reassigned = (caseId: string, kind: 'team' | 'agent', id: string): CaseEvent => ({ type: 'CaseReassigned', data: { caseId, from: null, to: { kind, id }, reassignedAt: `${day}16:00:00+08:00`, by: 'lead-1' } });

describe('the agents’ queue', () => {
  let app: FastifyInstance;
  const waitedFor: (string | undefined)[] = [];
  const get = async (query: string, role: Parameters<typeof bearer>[0] = 'agent') => app.inject({ url: `/v1/cases${query}`, headers: bearer(role) });
  const ids = async (query: string) => {
    const response = await get(query);
    expect(response.statusCode, response.body).toBe(200);
    return (response.json().cases as { caseId: string }[]).map(({ caseId }) => caseId);
  };

  beforeAll(async () => {
    const db = client.db(uniqueName('sla_queue_routes'));
    const extra: Record<string, CaseEvent[]> = { 'K-answered': [reassigned('K-answered', 'team', 'T-complaints')], 'K-phone': [reassigned('K-phone', 'agent', 'agent-9')] };
    const recorded = Object.entries(stories).flatMap(([caseId, steps], index) => recordedCase([...play(...steps), ...(extra[caseId] ?? [])], caseId, 1 + index * 100));
    await projectEvents(db, caseProjection, recorded);
    app = await testApp({ routes: queueRoutes({ db, readYourWrites: async (position) => void waitedFor.push(position) }) });
  });

  afterAll(async () => {
    await app.close();
    await client.close();
  });

  it('orders cases by the next deadline of a running clock, cases with none last by opening, and pages through them', async () => {
    const order = ['K-breached', 'K-online', 'K-phone', 'K-email', 'K-answered', 'K-waited', 'K-resolved', 'K-waiting'];
    expect(await ids('')).toEqual(order);
    const pages = [await ids('?limit=3'), await ids('?limit=3&offset=3'), await ids('?limit=3&offset=6')];
    expect(pages.flat()).toEqual(order);
    const page = (await get('?limit=3&offset=3')).json();
    expect(page).toMatchObject({ total: 8, offset: 3, limit: 3, nextOffset: 6 });
    expect((await get('?limit=3&offset=6')).json()).toMatchObject({ nextOffset: null, cases: [{ caseId: 'K-resolved', nextDeadline: null }, { caseId: 'K-waiting' }] });
  });

  it('shows each case without personal data, with its clocks and what orders it', async () => {
    const [breached] = (await get('?limit=1')).json().cases;
    expect(breached).toEqual({
      caseId: 'K-breached',
      customerId: 'C-1001',
      channel: 'phone',
      type: 'complaint',
      priority: 'normal',
      status: 'open',
      tier: 'standard',
      assignee: null,
      escalationLevel: 0,
      openedAt: '2026-03-04T01:00:00.000Z',
      mergedInto: null,
      nextDeadline: '2026-03-04T01:15:00.000Z',
      atRisk: false,
      breached: true,
      clocks: [
        { metric: 'first_response', cycle: 1, state: 'breached', deadline: '2026-03-04T01:15:00.000Z' },
        { metric: 'resolution', cycle: 1, state: 'running', deadline: expect.any(String) },
      ],
      updatedAt: '2026-03-04T01:16:00.000Z',
      position: expect.stringMatching(/^\d+$/),
    });
  });

  it('filters by status, tier, channel, type, team, agent, customer and view, combined', async () => {
    expect(await ids('?status=resolved')).toEqual(['K-resolved']);
    expect(await ids('?status=waiting_on_customer,resolved')).toEqual(['K-resolved', 'K-waiting']);
    expect(await ids('?status=waiting_on_customer&status=resolved')).toEqual(['K-resolved', 'K-waiting']);
    expect(await ids('?tier=gold')).toEqual(['K-email']);
    expect(await ids('?channel=online')).toEqual(['K-online']);
    expect(await ids('?type=inquiry')).toEqual(['K-email']);
    expect(await ids('?team=T-complaints')).toEqual(['K-answered']);
    expect(await ids('?agent=agent-9')).toEqual(['K-phone']);
    expect(await ids('?team=T-complaints&agent=agent-9')).toEqual([]);
    expect(await ids('?customerId=C-9999')).toEqual([]);
    expect(await ids('?view=breached')).toEqual(['K-breached']);
    expect(await ids('?view=open&channel=phone')).toEqual(['K-breached', 'K-phone', 'K-answered', 'K-waiting']);
    expect(await ids('?view=at_risk')).toEqual([]);
  });

  it("answers a customer's cases as the whole queue filtered, in the same order and pages (its filter reaches FerretDB's PostgreSQL)", async () => {
    const order = ['K-breached', 'K-online', 'K-phone', 'K-email', 'K-answered', 'K-waited', 'K-resolved', 'K-waiting'];
    expect(await ids('?customerId=C-1001')).toEqual(order);
    expect([...(await ids('?customerId=C-1001&limit=4')), ...(await ids('?customerId=C-1001&limit=4&offset=4'))]).toEqual(order);
    expect(await ids('?customerId=C-1001&view=open&channel=phone')).toEqual(['K-breached', 'K-phone', 'K-answered', 'K-waiting']);
    expect(await ids('?customerId=C-1001&status=waiting_on_customer,resolved&view=open')).toEqual(['K-waiting']);
    expect(await ids('?customerId=C-1001&view=breached&agent=agent-9')).toEqual([]);
    expect(await ids('?customerId=C-1001&agent=agent-9')).toEqual(['K-phone']);
  });

  it('waits for the read model to pass minPosition before reading', async () => {
    waitedFor.length = 0;
    expect(await ids('?minPosition=42&channel=online')).toEqual(['K-online']);
    expect(waitedFor).toEqual(['42']);
  });

  it('refuses every bad query parameter in one problem naming each, and roles without the queue', async () => {
    const bad = await get('?status=lost&limit=500&offset=-1&view=urgent&channel=fax&minPosition=x&colour=red');
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problems = bad.json().errors as { path: string; message: string }[];
    expect(problems.map(({ path }) => path)).toEqual(expect.arrayContaining(['query.status[0]', 'query.limit', 'query.offset', 'query.view', 'query.channel', 'query.minPosition']));
    expect(problems.some(({ message }) => message.includes('colour'))).toBe(true);
    expect((await get('?limit=0')).statusCode).toBe(400);
    expect((await get('', 'auditor')).statusCode).toBe(403);
    expect((await get('', 'integrator')).statusCode).toBe(403);
    expect((await get('', 'analyst')).statusCode).toBe(200);
  });

  it('sums time paused per agent who paused and per status, for analysts', async () => {
    const pauses = await app.inject({ url: '/v1/sla/pauses?from=2026-03-04&to=2026-03-04', headers: bearer('analyst') });
    expect(pauses.statusCode, pauses.body).toBe(200);
    expect(pauses.json()).toEqual({ from: '2026-03-04', to: '2026-03-04', totals: [{ agent: 'agent-7', status: 'waiting_on_third_party', pausedMs: 4 * 3_600_000, pauses: 1, pausedHours: 4 }] });
    expect((await app.inject({ url: '/v1/sla/pauses?from=2026-03-05&to=2026-03-06', headers: bearer('admin') })).json().totals).toEqual([]);
    const month = (query: string) => app.inject({ url: `/v1/sla/pauses?from=2026-02-20&to=2026-03-31${query}`, headers: bearer('analyst') }).then((response) => response.json().totals);
    expect(await month(''), 'read day by day').toEqual(pauses.json().totals);
    expect(await month('&agent=agent-7'), "an agent's sums by id").toEqual(pauses.json().totals);
    expect(await month('&agent=agent-8')).toEqual([]);
    const bad = await app.inject({ url: '/v1/sla/pauses?from=2026-03-05&to=2026-03-01', headers: bearer('analyst') });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map(({ path }: { path: string }) => path)).toEqual(['query.to']);
    expect((await app.inject({ url: '/v1/sla/pauses?from=2026-03-04', headers: bearer('analyst') })).json().errors.map(({ path }: { path: string }) => path)).toEqual(['query.to']);
    expect((await app.inject({ url: '/v1/sla/pauses?from=2026-03-04&to=2026-03-04', headers: bearer('agent') })).statusCode).toBe(403);
  });
});
