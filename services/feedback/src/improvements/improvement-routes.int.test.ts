import { startOfDayIn } from '@ctp/calendar';
import type { SurveyEvent } from '@ctp/contracts';
import { envelopes } from '@ctp/event-store';
import { bearer } from '@ctp/service-kit/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { complaintApp, type ComplaintApp } from '../complaints/test-support/complaint-app.js';
import { improvementTimers } from './improvement-timers.js';

const now = new Date('2026-06-15T02:00:00Z');
const json = { 'content-type': 'application/json' };
const zone = 'Asia/Shanghai';
const before = ['2026-04-16', '2026-05-16'] as const;
const after = ['2026-05-16', '2026-06-15'] as const;

/** Complaints around an action starting 2026-05-16 (Shanghai midnight = 2026-05-15T16:00Z): [openedAt, channel, cause]. */
const complaints: Record<string, [string, 'phone' | 'email', string]> = {
  'K-b1': ['2026-04-20T03:00:00Z', 'phone', 'process'],
  'K-b2': ['2026-05-01T03:00:00Z', 'phone', 'process'],
  'K-b3': ['2026-05-15T15:00:00Z', 'phone', 'process'],
  'K-b4': ['2026-05-02T03:00:00Z', 'email', 'process'],
  'K-b5': ['2026-05-03T03:00:00Z', 'phone', 'billing'],
  'K-a1': ['2026-05-15T16:30:00Z', 'phone', 'process'],
  'K-a2': ['2026-06-01T03:00:00Z', 'phone', 'billing'],
  'K-x': ['2026-03-01T03:00:00Z', 'phone', 'process'],
};

/** CSAT answers the surveys area recorded: [answeredAt, channel, csat]. */
const answers: [string, 'phone' | 'email', number][] = [
  ['2026-04-20T03:00:00Z', 'phone', 5], ['2026-04-21T03:00:00Z', 'phone', 4], ['2026-04-22T03:00:00Z', 'phone', 2], ['2026-04-23T03:00:00Z', 'phone', 1],
  ['2026-05-20T03:00:00Z', 'phone', 5], ['2026-05-21T03:00:00Z', 'phone', 5], ['2026-05-22T03:00:00Z', 'phone', 4], ['2026-05-23T03:00:00Z', 'email', 1],
];

/** The answer as the surveys area records it, on its survey stream. */
function surveyAnswered([answeredAt, channel, csat]: (typeof answers)[number], index: number) {
  const invitationId = `I-${index}`;
  const streamId = `survey-${invitationId}`;
  const event: SurveyEvent = { type: 'SurveyAnswered', data: { invitationId, customerId: 'C-1', kind: 'transactional', tier: 'standard', channel, invitedAt: answeredAt, answeredAt, csat, nps: null, ces: null, dimensions: {}, npsWhy: null, comment: null } };
  return { streamId, expectedRevision: 'any' as const, events: envelopes(streamId, [event], { causationId: `answer-${index}`, correlationId: 'improvement-routes', occurredAt: answeredAt, actor: { kind: 'service', id: 'feedback' } }) };
}

describe('improvement actions', () => {
  const start = complaintApp('feedback_improvement_routes', now);
  let t: ComplaintApp;
  const post = (url: string, body: unknown, role: 'agent' | 'admin' | 'analyst' = 'admin') => t.app.inject({ method: 'POST', url, headers: { ...bearer(role), ...json }, payload: JSON.stringify(body) });
  const action = { title: 'One-form returns on the phone', owner: 'lead-returns', scope: { causes: ['process'], channels: ['phone'] }, startsOn: '2026-05-16', dueDate: '2026-07-31' };

  /** Customers with a purchase in [from, to) of the business days. */
  function activeIn([from, to]: readonly [string, string]): number {
    const [start, end] = [startOfDayIn(from, zone), startOfDayIn(to, zone)];
    const purchases = t.store.facts.filter((fact) => fact.type === 'PurchaseRecorded' && Date.parse(fact.occurredAt) >= start && Date.parse(fact.occurredAt) < end);
    return new Set(purchases.map((fact) => fact.customerId)).size;
  }

  beforeAll(async () => {
    t = await start();
    const customers = t.store.customers;
    for (const [index, [caseId, [openedAt, channel, cause]]] of Object.entries(complaints).entries()) {
      await t.openComplaint(caseId, customers[index % customers.length]!, openedAt, channel);
      const response = await t.app.inject({ method: 'PUT', url: `/v1/complaints/${caseId}/causes`, headers: { ...bearer('agent'), ...json }, payload: JSON.stringify({ causes: [cause] }) });
      expect(response.statusCode, response.body).toBe(200);
    }
    await t.store.stores.store.appendMany(answers.map(surveyAnswered));
  });

  it('measures the effect on a known data set: complaints in scope per active customer and CSAT, before and after, with sample sizes', async () => {
    const created = await post('/v1/improvement-actions', { ...action, actionId: 'A-returns' });
    expect(created.statusCode, created.body).toBe(200);
    expect(created.json()).toMatchObject({ actionId: 'A-returns', position: expect.any(String) });
    const [activeBefore, activeAfter] = [activeIn(before), activeIn(after)];
    expect(activeBefore).toBeGreaterThan(0);
    // Until the effect follower has counted the action (here it runs only when the test catches up): 503 with Retry-After after the wait, never a partial answer.
    const early = await t.app.inject({ url: '/v1/improvement-actions/A-returns/effect?days=30', headers: bearer('analyst') });
    expect(early.statusCode, early.body).toBe(503);
    expect(Number(early.headers['retry-after'])).toBeGreaterThan(0);
    await t.catchUp();

    const effect = await t.app.inject({ url: '/v1/improvement-actions/A-returns/effect?days=30', headers: bearer('analyst') });
    expect(effect.statusCode, effect.body).toBe(200);
    expect(effect.json()).toMatchObject({
      actionId: 'A-returns',
      startsOn: '2026-05-16',
      days: 30,
      before: { from: before[0], to: before[1], complaints: 3, activeCustomers: activeBefore, csat: { responses: 4, satisfied: 2 } },
      after: { from: after[0], to: after[1], complaints: 1, activeCustomers: activeAfter, csat: { responses: 3, satisfied: 3 } },
      complaintRate: { before: 3 / activeBefore, after: 1 / activeAfter, z: null, note: expect.stringContaining('not enough data') },
      csat: { before: 0.5, after: 1, change: 0.5, z: null, note: expect.stringContaining('not enough data') },
    });
    const cut = (await t.app.inject({ url: '/v1/improvement-actions/A-returns/effect', headers: bearer('agent') })).json();
    expect(cut).toMatchObject({ days: 30, before: { from: before[0] } });
  });

  it('moves an action through its statuses and refuses a done action going back', async () => {
    await post('/v1/improvement-actions', { ...action, actionId: 'A-moves' }, 'agent');
    expect((await post('/v1/improvement-actions/A-moves/status', { to: 'in_progress', note: 'form drafted' }, 'agent')).statusCode).toBe(200);
    expect((await post('/v1/improvement-actions/A-moves/status', { to: 'done' })).statusCode).toBe(200);
    const back = await post('/v1/improvement-actions/A-moves/status', { to: 'in_progress' });
    expect(back.statusCode).toBe(422);
    expect(back.json().errors).toEqual([expect.objectContaining({ path: 'body.to', rule: 'transition_not_allowed' })]);
    expect((await t.app.inject({ url: '/v1/improvement-actions/A-moves', headers: bearer('analyst') })).json()).toMatchObject({ status: 'done', escalated: false });
  });

  it('escalates an action still open at the end of its due date by its durable timer, once; a done one not', async () => {
    await post('/v1/improvement-actions', { ...action, actionId: 'A-late', startsOn: '2026-06-01', dueDate: '2026-06-14' });
    await post('/v1/improvement-actions', { ...action, actionId: 'A-done', startsOn: '2026-06-01', dueDate: '2026-06-14' });
    await post('/v1/improvement-actions/A-done/status', { to: 'done' });
    const fire = improvementTimers.handler(t.deps);
    for (const actionId of ['A-late', 'A-done', 'A-late']) {
      const timer = await t.store.timers.get(`improvement-overdue:${actionId}`);
      expect(timer?.dueAt).toEqual(new Date('2026-06-14T16:00:00Z'));
      await fire(timer!, { signal: new AbortController().signal });
    }
    const late = await t.store.stores.reader.readStream('improvement-A-late');
    expect(late.filter(({ type }) => type === 'ImprovementActionOverdue').map(({ data }) => data)).toEqual([{ actionId: 'A-late', owner: 'lead-returns', dueDate: '2026-06-14', status: 'planned', escalatedAt: '2026-06-14T16:00:00.000Z' }]);
    expect((await t.store.stores.reader.readStream('improvement-A-done')).map(({ type }) => type)).toEqual(['ImprovementActionCreated', 'ImprovementActionStatusChanged']);
    expect((await t.app.inject({ url: '/v1/improvement-actions/A-late', headers: bearer('admin') })).json()).toMatchObject({ escalated: true, status: 'planned' });
  });

  it('refuses bad input naming every field, unknown causes and ids used before, and writes nothing', async () => {
    const bad = await post('/v1/improvement-actions', { title: '', owner: 'lead', scope: { causes: ['Process'], channels: ['fax'] }, startsOn: '2026-06-10', dueDate: '2026-06-01' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map(({ path }: { path: string }) => path)).toEqual(expect.arrayContaining(['body.title', 'body.scope.causes[0]', 'body.scope.channels[0]']));
    const backwards = await post('/v1/improvement-actions', { ...action, actionId: 'A-backwards', startsOn: '2026-06-10', dueDate: '2026-06-01' });
    expect(backwards.json().errors).toEqual([expect.objectContaining({ path: 'body.dueDate' })]);
    // No startsOn: today (15 June) is the start, and a due date before it is refused the same way.
    const pastDue = await post('/v1/improvement-actions', { ...action, actionId: 'A-past-due', startsOn: undefined, dueDate: '2000-01-01' });
    expect(pastDue.statusCode, pastDue.body).toBe(400);
    expect(pastDue.json().errors).toEqual([expect.objectContaining({ path: 'body.dueDate', message: 'dueDate must not be before startsOn (2026-06-15)' })]);
    const unknown = await post('/v1/improvement-actions', { ...action, actionId: 'A-unknown', scope: { causes: ['weather'] } });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors).toEqual([expect.objectContaining({ path: 'body.scope.causes', rule: 'unknown_cause' })]);
    const twice = await post('/v1/improvement-actions', { ...action, actionId: 'A-returns' });
    expect(twice.json().errors).toEqual([expect.objectContaining({ path: 'body.actionId', rule: 'action_exists' })]);
    expect((await post('/v1/improvement-actions', action, 'analyst')).statusCode).toBe(403);
    expect((await post('/v1/improvement-actions/A-none/status', { to: 'done' })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/v1/improvement-actions/A-none/effect', headers: bearer('analyst') })).statusCode).toBe(404);
    for (const id of ['A-backwards', 'A-past-due', 'A-unknown', 'A-none']) expect(await t.store.stores.reader.readStream(`improvement-${id}`)).toEqual([]);
    expect(await t.store.timers.get('improvement-overdue:A-unknown')).toBeNull();
    expect((await t.store.stores.reader.readStream('improvement-A-returns')).length).toBe(1);
  });
});
