import { streamIdFor } from '@ctp/contracts';
import { personalDataAccess } from '@ctp/service-kit';
import { bearer, testApp } from '@ctp/service-kit/testing';
import { describe, expect, it } from 'vitest';
import { withCaseStream } from '../cases/case-stream.js';
import type { CaseCommand } from '../domain/commands.js';
import { decideCase } from '../domain/decide-case.js';
import { openCase, reply, status } from '../domain/test-support/cases.js';
import { freshSlaStores, testActor, type SlaStore } from '../test-support/sla-store.js';
import { caseViewRoutes } from './case-view-routes.js';

const now = new Date('2026-03-06T04:00:00Z');
const hour = 3_600_000;

/** Each command through the case stream as the command routes append it: the case events and their clock events. */
async function record(store: SlaStore, caseId: string, commands: readonly CaseCommand[]) {
  const deps = store.depsWith();
  for (const [index, command] of commands.entries()) {
    const occurredAt = new Date(command.kind === 'open_case' ? command.openedAt : command.at).toISOString();
    await withCaseStream(deps, caseId, { causationId: `${caseId}-${index}`, correlationId: 'case-view-test', occurredAt, actor: testActor }, (state, rules) => decideCase(command, state, rules));
  }
}

/** An email complaint answered, waiting on the customer for a day, then open again (the clock-view spec's case). */
async function pausedCase(store: SlaStore, caseId = 'K-1') {
  const customerId = store.customers[0]!;
  await record(store, caseId, [
    openCase({ caseId, customerId, channel: 'email', openedAt: '2026-03-04T10:00:00+08:00' }),
    reply('2026-03-04T10:30:00+08:00'),
    status('waiting_on_customer', '2026-03-05T10:00:00+08:00'),
    status('open', '2026-03-06T10:00:00+08:00'),
  ]);
  return customerId;
}

describe('a case read from its stream', () => {
  const given = freshSlaStores('sla_case_view', now);
  const settings = { ACCESS_PURPOSES: 'service,complaint_handling', PERSONAL_DATA_ROLES: 'agent,admin' };
  const appOn = (store: SlaStore) => {
    const deps = store.depsWith();
    return testApp({ routes: caseViewRoutes(deps, personalDataAccess({ store: deps.store, clock: deps.clock, settings })) });
  };

  it('shows the case with its subject to agents (recording the read), masked to analysts, and not to auditors', async () => {
    const store = await given();
    const customerId = await pausedCase(store);
    const app = await appOn(store);
    const agent = await app.inject({ url: '/v1/cases/K-1?purpose=service', headers: bearer('agent') });
    expect(agent.statusCode, agent.body).toBe(200);
    expect(agent.json()).toMatchObject({
      caseId: 'K-1',
      customerId,
      erased: false,
      subject: 'Invoice charged twice',
      channel: 'email',
      status: 'open',
      tier: 'standard',
      slaPolicy: { policyId: 'default', policyVersion: 1, rule: 'complaint' },
      clocks: [{ metric: 'first_response', state: 'met' }, { metric: 'resolution', state: 'running', deadline: '2026-03-10T18:00:00+08:00' }],
    });
    const audit = await store.stores.store.readStream(streamIdFor('audit', customerId));
    expect(audit.map(({ type, data }) => ({ type, data }))).toMatchObject([{
      type: 'PersonalDataAccessed',
      data: { view: 'GET /v1/cases/{id}', purpose: 'service', fieldsRevealed: ['CaseOpened.subject'], accessedBy: { id: 'test-agent', role: 'agent', holder: { kind: 'system', name: 'test (agent)' } } },
    }]);
    const analyst = await app.inject({ url: '/v1/cases/K-1?purpose=service', headers: bearer('analyst') });
    expect(analyst.json()).toMatchObject({ subject: '***', erased: false });
    expect(await store.stores.store.readStream(streamIdFor('audit', customerId))).toHaveLength(1);
    expect((await app.inject({ url: '/v1/cases/K-1?purpose=service', headers: bearer('auditor') })).statusCode).toBe(403);
    await app.close();
  });

  it('refuses a read of the subject or the bodies without a configured purpose, from every role: 400 naming query.purpose, nothing shown or recorded', async () => {
    const store = await given();
    const customerId = await pausedCase(store);
    const app = await appOn(store);
    for (const [view, role] of [['', 'agent'], ['/timeline?purpose=audit', 'agent'], ['', 'analyst'], ['/timeline', 'auditor']] as const) {
      const refused = await app.inject({ url: `/v1/cases/K-1${view}`, headers: bearer(role) });
      expect(refused.statusCode, view).toBe(400);
      expect(refused.json()).toMatchObject({ errors: [{ path: 'query.purpose', message: expect.stringContaining('one of service, complaint_handling') }] });
    }
    expect(await store.stores.store.readStream(streamIdFor('audit', customerId))).toEqual([]);
    expect((await app.inject({ url: '/v1/cases/K-1/timeline?purpose=complaint_handling', headers: bearer('agent') })).statusCode).toBe(200);
    expect((await store.stores.store.readStream(streamIdFor('audit', customerId))).map(({ data }) => data)).toMatchObject([{ view: 'GET /v1/cases/{id}/timeline', purpose: 'complaint_handling' }]);
    await app.close();
  });

  it('answers a case never opened with 404 and a bad id with 400, on every view', async () => {
    const store = await given();
    const app = await appOn(store);
    for (const view of ['', '/timeline', '/sla', '/sla/explain']) {
      expect((await app.inject({ url: `/v1/cases/K-404${view}?purpose=service`, headers: bearer('admin') })).statusCode).toBe(404);
      const bad = await app.inject({ url: `/v1/cases/${encodeURIComponent('no such!')}${view}?purpose=service`, headers: bearer('admin') });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors.map(({ path }: { path: string }) => path)).toEqual(['params.caseId']);
    }
    await app.close();
  });

  it('answers the case of an erased customer as erased: its subject and bodies are gone', async () => {
    const store = await given();
    const customerId = await pausedCase(store, 'K-2');
    await store.stores.keyring.destroyKey(customerId);
    const app = await appOn(store);
    const read = await app.inject({ url: '/v1/cases/K-2?purpose=service', headers: bearer('agent') });
    expect(read.json()).toMatchObject({ caseId: 'K-2', erased: true, subject: '[erased]', status: 'open' });
    const timeline = await app.inject({ url: '/v1/cases/K-2/timeline?purpose=service', headers: bearer('agent') });
    expect(timeline.json().events.find(({ type }: { type: string }) => type === 'CaseReplied').data.body).toBe('[erased]');
    expect(await store.stores.store.readStream(streamIdFor('audit', customerId))).toHaveLength(0);
    await app.close();
  });

  it('lists every event of the case in order, bodies in clear for agents and masked for auditors', async () => {
    const store = await given();
    await pausedCase(store);
    const app = await appOn(store);
    const agent = (await app.inject({ url: '/v1/cases/K-1/timeline?purpose=service', headers: bearer('agent') })).json();
    const stored = await store.caseEvents('K-1');
    expect(agent.events.map(({ type }: { type: string }) => type)).toEqual(stored.map(({ type }) => type));
    expect(agent.events.map(({ revision }: { revision: number }) => revision)).toEqual(stored.map((_, index) => index));
    expect(agent.events.find(({ type }: { type: string }) => type === 'CaseReplied').data).toMatchObject({ body: 'We are on it.', by: 'agent-7' });
    expect(agent.events.find(({ type }: { type: string }) => type === 'SlaClockPaused').data).toMatchObject({ metric: 'resolution', status: 'waiting_on_customer' });
    const auditor = (await app.inject({ url: '/v1/cases/K-1/timeline?purpose=service', headers: bearer('auditor') })).json();
    expect(auditor.events.find(({ type }: { type: string }) => type === 'CaseReplied').data.body).toBe('***');
    await app.close();
  });

  it('gives each clock’s target, deadline, state, time counted and left, and its paused span, at the service’s clock', async () => {
    const store = await given();
    await pausedCase(store);
    const app = await appOn(store);
    const sla = await app.inject({ url: '/v1/cases/K-1/sla', headers: bearer('analyst') });
    expect(sla.statusCode, sla.body).toBe(200);
    const { metrics, asOf } = sla.json();
    expect(asOf).toBe(now.toISOString());
    expect(metrics).toMatchObject([
      { metric: 'first_response', state: 'met', deadline: '2026-03-04T12:00:00+08:00', elapsedMs: 0.5 * hour, remainingMs: 1.5 * hour, paused: false },
      {
        metric: 'resolution',
        state: 'running',
        target: { duration: '3 working days', basis: 'business', calendarId: 'default' },
        deadline: '2026-03-10T18:00:00+08:00',
        elapsedMs: 9.5 * hour,
        remainingMs: (29 - 9.5) * hour,
        paused: false,
        pausedSpans: [{ from: '2026-03-05T10:00:00+08:00', to: '2026-03-06T10:00:00+08:00', status: 'waiting_on_customer' }],
      },
    ]);
    expect(metrics[0]).not.toHaveProperty('explanation');
    expect((await app.inject({ url: '/v1/cases/K-1/sla', headers: bearer('auditor') })).statusCode).toBe(403);
    await app.close();
  });

  it('explains each deadline from the stream alone: the same answer twice, whatever the read models hold', async () => {
    const store = await given();
    await pausedCase(store);
    const app = await appOn(store);
    const explain = async () => (await app.inject({ url: '/v1/cases/K-1/sla/explain', headers: bearer('auditor') })).json();
    const before = await explain();
    expect(before.metrics[1]).toMatchObject({
      metric: 'resolution',
      paused: [{ status: 'waiting_on_customer' }],
      explanation: {
        slaPolicy: { policyId: 'default', policyVersion: 1, rule: 'complaint' },
        calendarVersions: [1],
        segments: [
          { start: '2026-03-04T10:00:00+08:00', end: '2026-03-04T12:00:00+08:00', version: 1 },
          { start: '2026-03-04T13:30:00+08:00', end: '2026-03-04T18:00:00+08:00', version: 1 },
          { start: '2026-03-05T09:00:00+08:00', end: '2026-03-05T10:00:00+08:00', version: 1 },
          { start: '2026-03-06T10:00:00+08:00', end: '2026-03-06T12:00:00+08:00', version: 1 },
        ],
        computation: expect.stringContaining('due 2026-03-10T18:00:00+08:00'),
      },
    });
    expect(await explain()).toEqual(before);
    await app.close();
  });
});
