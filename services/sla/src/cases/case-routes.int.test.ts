import { bearer, testApp } from '@ctp/service-kit/testing';
import { describe, expect, it } from 'vitest';
import { tieringClient } from '../customers/tiering-client.js';
import { freshSlaStores } from '../test-support/sla-store.js';
import { caseCommandRoutes } from './case-command-routes.js';
import { openCaseRoute } from './open-case-route.js';

/** Wednesday 4 March 2026, 14:00 in Shanghai: a working afternoon on the default calendar. */
const opening = new Date('2026-03-04T06:00:00Z');
const minutesLater = (minutes: number) => new Date(opening.getTime() + minutes * 60_000);

const phoneComplaint = (customerId: string) => ({ customerId, channel: 'phone', type: 'complaint', priority: 'normal', subject: 'Charged twice for one invoice' });

/** In-process route tests: the kit's real app (auth, validation, problems) on a real event store, driven with inject. */
describe('the case command routes', () => {
  const fresh = freshSlaStores('case_routes', opening);

  async function given() {
    const store = await fresh();
    let now = opening;
    const customerId = store.customers[0]!;
    const deps = store.depsWith({ tiers: { [customerId]: 'gold' }, now: () => now });
    const app = await testApp({
      bodyLimitBytes: 100_000,
      routes: async (instance) => {
        await instance.register(openCaseRoute(deps));
        await instance.register(caseCommandRoutes(deps));
      },
    });
    return {
      store,
      app,
      customerId,
      at: (moved: Date) => {
        now = moved;
      },
      post: (url: string, payload: object, role: Parameters<typeof bearer>[0] = 'agent', headers: Record<string, string> = {}) => app.inject({ method: 'POST', url, headers: { ...bearer(role), ...headers }, payload }),
      types: async (caseId: string) => (await store.caseEvents(caseId)).map(({ type }) => type),
    };
  }

  it('opens a phone complaint: the case and its clocks, the tier at start, each deadline and the global position', async () => {
    const { app, customerId, post, types, store } = await given();
    const opened = await post('/v1/cases', phoneComplaint(customerId));
    expect(opened.statusCode, opened.body).toBe(201);
    const { caseId, position, tier, clocks, routing } = opened.json();
    expect(tier).toBe('gold');
    expect(routing).toEqual({ rule: 'tier_queue', to: { kind: 'team', id: 'service-desk' }, lane: 'standard' });
    expect(clocks).toContainEqual(expect.objectContaining({ metric: 'first_response', state: 'running', deadline: '2026-03-04T14:15:00+08:00' }));
    expect(await types(caseId)).toEqual(['CaseOpened', 'SlaClockStarted', 'SlaClockStarted', 'CaseRouted']);
    const events = await store.caseEvents(caseId);
    expect(position).toBe(events.at(-1)!.globalPosition);
    expect(events[0]!.data).toMatchObject({ customerId, subject: 'Charged twice for one invoice', tierAtStart: { tier: 'gold', tierPolicyVersion: 1 }, openedBy: 'test-agent' });
    await app.close();
  });

  it('answers the same case for the same external case, appending nothing', async () => {
    const { app, customerId, post, types } = await given();
    const fromHelpdesk = { ...phoneComplaint(customerId), openedAt: '2026-03-04T13:50:00+08:00', source: { system: 'callcentre', externalId: 'CC-42' } };
    const first = await post('/v1/cases', fromHelpdesk, 'integrator');
    expect(first.statusCode, first.body).toBe(201);
    const again = await post('/v1/cases', fromHelpdesk, 'integrator');
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ caseId: first.json().caseId, position: first.json().position });
    expect(await types(first.json().caseId)).toHaveLength(4);
    const named = { ...fromHelpdesk, caseId: 'K-CC-43', source: { system: 'callcentre', externalId: 'CC-43' } };
    expect((await post('/v1/cases', named, 'integrator')).json()).toMatchObject({ caseId: 'K-CC-43' });
    expect((await post('/v1/cases', named, 'integrator')).statusCode).toBe(200);
    expect(await types('K-CC-43')).toHaveLength(4);
    await app.close();
  });

  it('stops the first response clock with a reply in time (SlaMet) and answers the position of the last event', async () => {
    const { app, customerId, post, types, store, at } = await given();
    const { caseId } = (await post('/v1/cases', phoneComplaint(customerId))).json();
    at(minutesLater(5));
    const replied = await post(`/v1/cases/${caseId}/replies`, { body: 'We refund the second charge today.' });
    expect(replied.statusCode, replied.body).toBe(200);
    expect((await types(caseId)).slice(4)).toEqual(['CaseReplied', 'SlaMet']);
    expect(replied.json()).toEqual({ caseId, position: (await store.caseEvents(caseId)).at(-1)!.globalPosition });
    await app.close();
  });

  it('takes every other command on the case, each answering the global position', async () => {
    const { app, customerId, post, types, at } = await given();
    const { caseId } = (await post('/v1/cases', phoneComplaint(customerId))).json();
    const other = (await post('/v1/cases', phoneComplaint(customerId))).json().caseId;
    at(minutesLater(30));
    const steps: [string, object, Parameters<typeof bearer>[0]][] = [
      ['notes', { body: 'Checked the ledger.' }, 'agent'],
      ['customer-messages', { body: 'Any news?', at: minutesLater(20).toISOString() }, 'integrator'],
      ['status', { to: 'waiting_on_customer', reason: 'asked for the bank statement' }, 'agent'],
      ['priority', { to: 'high', reason: 'second call' }, 'agent'],
      ['assignment', { to: { kind: 'team', id: 'billing' } }, 'integrator'],
      ['escalations', { level: 1, to: { kind: 'role', id: 'team_lead' } }, 'agent'],
      ['merge', { into: other }, 'agent'],
    ];
    for (const [path, payload, role] of steps) {
      const answered = await post(`/v1/cases/${caseId}/${path}`, payload, role);
      expect(answered.statusCode, `${path}: ${answered.body}`).toBe(200);
      expect(answered.json().position).toMatch(/^\d+$/);
    }
    expect(await types(caseId)).toEqual(expect.arrayContaining(['CaseNoteAdded', 'CaseCustomerWrote', 'CaseStatusChanged', 'CasePriorityChanged', 'CaseReassigned', 'CaseEscalated', 'CaseMerged']));
    const afterMerge = await post(`/v1/cases/${caseId}/notes`, { body: 'too late' });
    expect(afterMerge.statusCode).toBe(422);
    expect(afterMerge.json().errors).toEqual([expect.objectContaining({ rule: 'case_merged' })]);
    await app.close();
  });

  it('refuses an unknown customer with 422 customer_unknown, writing nothing', async () => {
    const { app, post, types } = await given();
    const refused = await post('/v1/cases', { ...phoneComplaint('C-NOBODY'), caseId: 'K-unknown' });
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.json().errors).toEqual([expect.objectContaining({ path: 'body.customerId', rule: 'customer_unknown' })]);
    expect(await types('K-unknown')).toEqual([]);
    await app.close();
  });

  it('refuses a transition that is not allowed and a time before the case opened with 422, writing nothing', async () => {
    const { app, customerId, post, types } = await given();
    const { caseId } = (await post('/v1/cases', phoneComplaint(customerId))).json();
    const reopened = await post(`/v1/cases/${caseId}/status`, { to: 'reopened', reason: 'try' });
    expect(reopened.statusCode, reopened.body).toBe(422);
    expect(reopened.json().errors).toEqual([expect.objectContaining({ path: 'body.to', rule: 'transition_not_allowed' })]);
    const early = await post(`/v1/cases/${caseId}/replies`, { body: 'Before it opened', at: '2026-03-04T13:00:00+08:00' });
    expect(early.statusCode, early.body).toBe(422);
    expect(early.json().errors).toEqual([expect.objectContaining({ path: 'body.at', rule: 'time_before_case_opened' })]);
    expect(await types(caseId)).toHaveLength(4);
    await app.close();
  });

  it('answers 503 with Retry-After when tiering cannot be reached, writing nothing', async () => {
    const store = await fresh();
    const unreachable = tieringClient({ NODE_ENV: 'test', API_KEYS_FILE: '.local/api-keys.json', TIERING_URL: 'http://127.0.0.1:9', TIERING_API_KEY: 'key', TIERING_TIMEOUT_MS: 2_000 });
    const app = await testApp({ routes: openCaseRoute({ ...store.depsWith(), tiers: unreachable }) });
    const answered = await app.inject({ method: 'POST', url: '/v1/cases', headers: bearer('agent'), payload: { ...phoneComplaint(store.customers[0]!), caseId: 'K-no-tiering' } });
    expect(answered.statusCode, answered.body).toBe(503);
    expect(answered.headers['retry-after']).toBe('2');
    expect(await store.caseEvents('K-no-tiering')).toEqual([]);
    await app.close();
  });

  it('answers 404 for a case never opened', async () => {
    const { app, post } = await given();
    const missing = await post('/v1/cases/K-never/replies', { body: 'Hello?' });
    expect(missing.statusCode, missing.body).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'CTP_NOT_FOUND' });
    await app.close();
  });

  it('refuses a bad body with one 400 naming every field, and times in the future, writing nothing', async () => {
    const { app, customerId, post, types } = await given();
    const bad = await post('/v1/cases', { customerId: '', channel: 'fax', type: 'complaint', subject: '', colour: 'red' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map(({ path }: { path: string }) => path)).toEqual(expect.arrayContaining(['body.customerId', 'body.channel', 'body.priority', 'body.subject', 'body']));
    const agentFields = await post('/v1/cases', { ...phoneComplaint(customerId), openedAt: '2026-03-04T13:00:00+08:00', source: { system: 'x', externalId: '1' } });
    expect(agentFields.json().errors.map(({ path }: { path: string }) => path)).toEqual(['body.openedAt', 'body.source']);
    const future = await post('/v1/cases', { ...phoneComplaint(customerId), caseId: 'K-future', openedAt: '2026-03-04T15:00:00+08:00' }, 'integrator');
    expect(future.statusCode).toBe(400);
    expect(future.json().errors).toEqual([expect.objectContaining({ path: 'body.openedAt' })]);
    const { caseId } = (await post('/v1/cases', phoneComplaint(customerId))).json();
    const badStatus = await post(`/v1/cases/${caseId}/status`, { to: 'done', at: 'yesterday' });
    expect(badStatus.json().errors.map(({ path }: { path: string }) => path)).toEqual(expect.arrayContaining(['body.to', 'body.reason', 'body.at']));
    expect(await types('K-future')).toEqual([]);
    expect(await types(caseId)).toHaveLength(4);
    await app.close();
  });

  it('refuses roles not allowed with 403', async () => {
    const { app, customerId, post } = await given();
    expect((await post('/v1/cases', phoneComplaint(customerId), 'analyst')).statusCode).toBe(403);
    const { caseId } = (await post('/v1/cases', phoneComplaint(customerId))).json();
    expect((await post(`/v1/cases/${caseId}/escalations`, { level: 1, to: { kind: 'role', id: 'team_lead' } }, 'integrator')).statusCode).toBe(403);
    expect((await post(`/v1/cases/${caseId}/replies`, { body: 'hi' }, 'auditor')).statusCode).toBe(403);
    await app.close();
  });

  it('appends a retried request with the same Idempotency-Key once and answers the same position', async () => {
    const { app, customerId, post, types, at } = await given();
    const key = { 'idempotency-key': 'open-7f3a' };
    const opened = await post('/v1/cases', phoneComplaint(customerId), 'agent', key);
    const retried = await post('/v1/cases', phoneComplaint(customerId), 'agent', key);
    expect([opened.statusCode, retried.statusCode]).toEqual([201, 200]);
    expect(retried.json()).toMatchObject({ caseId: opened.json().caseId, position: opened.json().position });
    const { caseId } = opened.json();
    at(minutesLater(5));
    const replyKey = { 'idempotency-key': 'reply-1' };
    const replied = await post(`/v1/cases/${caseId}/replies`, { body: 'On it.' }, 'agent', replyKey);
    await post(`/v1/cases/${caseId}/notes`, { body: 'in between' });
    const again = await post(`/v1/cases/${caseId}/replies`, { body: 'On it.' }, 'agent', replyKey);
    expect(again.json()).toEqual(replied.json());
    expect((await types(caseId)).filter((type) => type === 'CaseReplied')).toHaveLength(1);
    await app.close();
  });
});
