import { bearer } from '@ctp/service-kit/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { complaintApp, type ComplaintApp } from '../complaints/test-support/complaint-app.js';
import { improvementTimers } from './improvement-timers.js';

/** 10:00 on 2026-06-15 in Asia/Shanghai: an open action due 2026-06-14 or before is overdue, one due today is not. */
const now = new Date('2026-06-15T02:00:00Z');
const json = { 'content-type': 'application/json' };

/** [actionId, owner, dueDate, statuses it moves through]. */
const actions: [string, string, string, ('in_progress' | 'done' | 'cancelled')[]][] = [
  ['A-overdue', 'lead-a', '2026-06-10', []],
  ['A-progress', 'lead-b', '2026-06-14', ['in_progress']],
  ['A-today', 'lead-a', '2026-06-15', []],
  ['A-done', 'lead-b', '2026-06-01', ['in_progress', 'done']],
  ['A-cancelled', 'lead-a', '2026-06-30', ['cancelled']],
];

describe('GET /v1/improvement-actions (read model)', () => {
  const start = complaintApp('feedback_action_list', now);
  let t: ComplaintApp;
  let lastPosition: string;
  const list = (query: string, role: Parameters<typeof bearer>[0] = 'analyst') => t.app.inject({ url: `/v1/improvement-actions${query}`, headers: bearer(role) });
  const ids = async (query: string) => {
    const response = await list(query);
    expect(response.statusCode, response.body).toBe(200);
    return (response.json().actions as { actionId: string }[]).map(({ actionId }) => actionId);
  };

  beforeAll(async () => {
    t = await start();
    for (const [actionId, owner, dueDate, statuses] of actions) {
      const body = { actionId, title: `Fix ${actionId}`, owner, scope: { causes: ['process'] }, startsOn: '2026-06-01', dueDate };
      const created = await t.app.inject({ method: 'POST', url: '/v1/improvement-actions', headers: { ...bearer('admin'), ...json }, payload: JSON.stringify(body) });
      expect(created.statusCode, created.body).toBe(200);
      lastPosition = created.json().position;
      for (const to of statuses) {
        const moved = await t.app.inject({ method: 'POST', url: `/v1/improvement-actions/${actionId}/status`, headers: { ...bearer('agent'), ...json }, payload: JSON.stringify({ to }) });
        expect(moved.statusCode, moved.body).toBe(200);
        lastPosition = moved.json().position;
      }
    }
    const timer = await t.store.timers.get('improvement-overdue:A-overdue');
    await improvementTimers.handler(t.deps)(timer!, { signal: new AbortController().signal });
  });

  it('reads its writes: without minPosition the lagging read model may miss them, with the last answer’s position it has them all', async () => {
    expect(await ids('')).toEqual([]);
    expect(await ids(`?minPosition=${lastPosition}`)).toEqual(['A-cancelled', 'A-done', 'A-overdue', 'A-progress', 'A-today']);
  });

  it('answers each action: title, owner, status, due date, overdue and escalated flags, creation, scope', async () => {
    const response = await list('?owner=lead-a&status=planned');
    expect(response.json().actions).toEqual([
      { actionId: 'A-overdue', title: 'Fix A-overdue', owner: 'lead-a', status: 'planned', startsOn: '2026-06-01', dueOn: '2026-06-10', overdue: true, escalated: true, createdAt: now.toISOString(), scope: { causes: ['process'], channels: [], tiers: [], teams: [] } },
      { actionId: 'A-today', title: 'Fix A-today', owner: 'lead-a', status: 'planned', startsOn: '2026-06-01', dueOn: '2026-06-15', overdue: false, escalated: false, createdAt: now.toISOString(), scope: { causes: ['process'], channels: [], tiers: [], teams: [] } },
    ]);
  });

  it('filters by status, owner and overdue (open after its due date in the business time zone)', async () => {
    expect(await ids('?status=in_progress')).toEqual(['A-progress']);
    expect(await ids('?status=done')).toEqual(['A-done']);
    expect(await ids('?owner=lead-b')).toEqual(['A-done', 'A-progress']);
    expect(await ids('?overdue=true')).toEqual(['A-overdue', 'A-progress']);
    expect(await ids('?overdue=false')).toEqual(['A-cancelled', 'A-done', 'A-today']);
    expect(await ids('?overdue=true&owner=lead-b&status=in_progress')).toEqual(['A-progress']);
    expect(await ids('?status=cancelled&overdue=true')).toEqual([]);
  });

  it('pages by id: limit, then the next page from the answer’s after, null after the last', async () => {
    const first = (await list('?limit=2')).json();
    expect([first.actions.map(({ actionId }: { actionId: string }) => actionId), first.after]).toEqual([['A-cancelled', 'A-done'], 'A-done']);
    const second = (await list(`?limit=2&after=${first.after}`)).json();
    expect([second.actions.map(({ actionId }: { actionId: string }) => actionId), second.after]).toEqual([['A-overdue', 'A-progress'], 'A-progress']);
    const last = (await list(`?limit=2&after=${second.after}`)).json();
    expect([last.actions.map(({ actionId }: { actionId: string }) => actionId), last.after]).toEqual([['A-today'], null]);
  });

  it('refuses bad queries naming the field, and roles other than admin, agent, analyst', async () => {
    for (const [query, path] of [['?limit=201', 'query.limit'], ['?limit=0', 'query.limit'], ['?overdue=yes', 'query.overdue'], ['?status=open', 'query.status'], ['?minPosition=abc', 'query.minPosition'], ['?colour=red', 'query']] as const) {
      const refused = await list(query);
      expect(refused.statusCode, query).toBe(400);
      expect(refused.json().errors.map(({ path: field }: { path: string }) => field), query).toContain(path);
    }
    expect((await list('', 'agent')).statusCode).toBe(200);
    expect((await list('', 'admin')).statusCode).toBe(200);
    expect((await list('', 'integrator')).statusCode).toBe(403);
  });

  it('is documented in the OpenAPI document with its filters', async () => {
    const document = (await t.app.inject({ url: '/openapi.json' })).json();
    const operation = document.paths['/v1/improvement-actions'].get;
    expect(operation.operationId).toBe('listImprovementActions');
    expect(operation.parameters.map(({ name }: { name: string }) => name)).toEqual(expect.arrayContaining(['status', 'owner', 'overdue', 'limit', 'after', 'minPosition']));
  });
});
