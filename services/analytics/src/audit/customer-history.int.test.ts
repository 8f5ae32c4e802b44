import { randomBytes, randomUUID } from 'node:crypto';
import { buildEvent, streamIdFor, type DomainEvent, type EventToAppend } from '@ctp/contracts';
import { openProtectedStores, type ProtectedStores } from '@ctp/event-store';
import { bearer, testApp } from '@ctp/service-kit/testing';
import { eventually, postgresUrl, uniqueName, wholeFeed } from '@ctp/test-kit';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseEvents } from '../service-levels/test-support/case-events.js';
import { tierEvents } from '../tiers/test-support/tier-events.js';
import { openAuditStore, type AuditStore } from './audit-store.js';
import { customerHistoryRoutes } from './customer-history-routes.js';
import { AuditSealer } from './sealer.js';
import { parseSigningKey } from './signing-key.js';
import { customerHistory } from './test-support/audit-fixture.js';

const customerId = `C-H${randomUUID().slice(0, 6)}`;
const caseId = `K-H${randomUUID().slice(0, 6)}`;

const appended = (streamId: string, occurredAt: string, ...events: DomainEvent[]): EventToAppend[] =>
  events.map((event) => buildEvent(event.type, event.data, { id: randomUUID(), streamId, occurredAt, correlationId: 'history-test', causationId: null, actor: { kind: 'service', id: 'test' }, traceparent: null }));

interface State { customer: { kind: string; status: string } | null; consent: Record<string, { granted: boolean }>; tier: { tier: string | null; rule: string; explanation: Record<string, unknown> | null } | null; openCases: { caseId: string; status: string; clocks: { metric: string; state: string; warnedAt: string | null }[] }[] }

describe('an auditor’s view of one customer across the services, from the events alone', () => {
  const schema = uniqueName('history');
  let stores: ProtectedStores;
  let audit: AuditStore;
  let sealer: AuditSealer;
  let app: FastifyInstance;
  /** The global position after each step of the history. */
  const after: Record<string, string> = {};
  const get = (url: string) => app.inject({ url, headers: bearer('auditor') });
  const stateAt = async (query: string): Promise<State> => {
    const response = await get(`/v1/audit/customers/${customerId}/state?${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ state: State }>().state;
  };
  const step = async (name: string, streamId: string, events: EventToAppend[]) => {
    after[name] = (await stores.store.append(streamId, events, { expectedRevision: 'any' })).lastPosition;
  };

  beforeAll(async () => {
    stores = await openProtectedStores({ eventStoreUrl: postgresUrl(), schema, masterKey: randomBytes(32).toString('base64') });
    audit = await openAuditStore(postgresUrl(), `${schema}_audit`);
    const cases = caseEvents(caseId, { customerId });
    const tiers = tierEvents(customerId);
    await step('registered', streamIdFor('customer', customerId), customerHistory(customerId, 0));
    await step('consented', streamIdFor('customer', customerId), appended(`customer-${customerId}`, '2026-03-01T02:00:00Z', { type: 'ConsentGranted', data: { customerId, purpose: 'survey', evidence: { method: 'web_form', reference: 'f-1', noticeVersion: '1' } } }));
    await step('gold', streamIdFor('tier', customerId), appended(`tier-${customerId}`, '2026-03-02T02:00:00Z', tiers.assigned('gold')));
    await step('opened', streamIdFor('case', caseId), appended(`case-${caseId}`, '2026-03-03T02:00:00Z', cases.opened('2026-03-03T02:00:00Z'), cases.clockStarted('first_response', 1, '2026-03-03T02:00:00Z', '2026-03-03T02:15:00Z'), cases.warned('first_response', '2026-03-03T02:11:00Z', '2026-03-03T02:15:00Z')));
    await step('breached', streamIdFor('case', caseId), appended(`case-${caseId}`, '2026-03-03T02:15:00Z', cases.breached('first_response', 1, '2026-03-03T02:15:00Z', '2026-03-03T02:15:00Z')));
    await step('withdrawn', streamIdFor('customer', customerId), appended(`customer-${customerId}`, '2026-03-04T02:00:00Z', { type: 'ConsentWithdrawn', data: { customerId, purpose: 'survey', via: 'online' } }));
    await step('upgraded', streamIdFor('tier', customerId), appended(`tier-${customerId}`, '2026-03-05T02:00:00Z', tiers.changed('gold', 'key', 'upgrade')));
    await step('resolved', streamIdFor('case', caseId), appended(`case-${caseId}`, '2026-03-06T02:00:00Z', cases.status('open', 'resolved', '2026-03-06T02:00:00Z')));
    sealer = new AuditSealer({ events: stores.reader, audit, key: parseSigningKey(randomBytes(32).toString('base64')), clock: () => new Date(), checkpointEvery: 100, checkpointIntervalMs: 200 });
    await sealer.start();
    await eventually(async () => ((await stores.reader.headPosition()) === sealer.sealedPosition() ? true : undefined), 'the sealer to reach the head', () => '');
    app = await testApp({ routes: customerHistoryRoutes({ events: stores.reader, audit, sealer, clock: () => new Date() }) });
  });
  afterAll(async () => {
    await app?.close();
    await sealer?.stop();
    await audit?.close();
    await stores?.close();
  });

  it('lists every event about the customer in every service in feed order, with its envelope and personal fields as ciphertext', async () => {
    const response = await get(`/v1/audit/customers/${customerId}/history`);
    expect(response.statusCode, response.body).toBe(200);
    const { events, truncated } = response.json<{ events: { type: string; streamId: string; globalPosition: string; actor: { id: string } }[]; truncated: boolean }>();
    expect(truncated).toBe(false);
    expect(events.map(({ type }) => type)).toEqual(['CustomerRegistered', 'ConsentGranted', 'TierAssigned', 'CaseOpened', 'SlaClockStarted', 'SlaWarningRaised', 'SlaBreached', 'ConsentWithdrawn', 'TierChanged', 'CaseStatusChanged']);
    expect(new Set(events.map(({ streamId }) => streamId.split('-')[0]))).toEqual(new Set(['customer', 'tier', 'case']));
    expect(events.map(({ globalPosition }) => BigInt(globalPosition))).toEqual(events.map(({ globalPosition }) => BigInt(globalPosition)).toSorted((a, b) => (a < b ? -1 : 1)));
    expect(response.body).not.toContain('Li Wei');
    const upTo = (await get(`/v1/audit/customers/${customerId}/history?upTo=${after.gold}`)).json<{ events: unknown[] }>();
    expect(upTo.events).toHaveLength(3);
  });

  it('gives the state at a position from the events up to it: consent, tier with its explanation, the open case with its breached clock', async () => {
    const then = await stateAt(`position=${after.breached}`);
    expect(then.customer).toMatchObject({ kind: 'person', status: 'active' });
    expect(then.consent.survey).toMatchObject({ granted: true });
    expect(then.tier).toMatchObject({ tier: 'gold', rule: 'initial_assignment', explanation: { score: 0.6, policyId: 'default' } });
    expect(then.openCases).toEqual([expect.objectContaining({ caseId, status: 'open', clocks: [expect.objectContaining({ metric: 'first_response', state: 'breached', warnedAt: '2026-03-03T02:11:00Z' })] })]);
    expect(JSON.stringify(then)).not.toMatch(/Li Wei|\[erased\]|It broke/);
  });

  it('moves with the point asked: before the case, after the upgrade and consent withdrawal, after the case was resolved', async () => {
    expect((await stateAt(`position=${after.gold}`)).openCases).toEqual([]);
    const later = await stateAt(`position=${after.upgraded}`);
    expect(later.tier).toMatchObject({ tier: 'key', rule: 'upgrade_immediate' });
    expect(later.consent.survey).toMatchObject({ granted: false });
    expect((await stateAt(`position=${after.resolved}`)).openCases).toEqual([]);
    expect((await stateAt(`at=${new Date().toISOString()}`)).tier).toMatchObject({ tier: 'key' });
    expect((await stateAt('at=2000-01-01T00:00:00Z')).customer).toBeNull();
  });

  it('refuses a point given both ways or not at all, naming the field', async () => {
    for (const query of ['', `position=${after.gold}&at=2026-03-01T00:00:00Z`]) {
      const response = await get(`/v1/audit/customers/${customerId}/state?${query}`);
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain('position');
    }
  });
});

describe('an auditor’s view reaches the head, and folds in the ids merged into the customer by then', () => {
  const schema = uniqueName('history_merge');
  const survivorId = `C-S${randomUUID().slice(0, 6)}`;
  const awayId = `C-A${randomUUID().slice(0, 6)}`;
  const awayCase = `K-A${randomUUID().slice(0, 6)}`;
  let stores: ProtectedStores;
  let audit: AuditStore;
  let app: FastifyInstance;
  const after: Record<string, string> = {};
  const get = async <T>(url: string): Promise<T> => {
    const response = await app.inject({ url, headers: bearer('auditor') });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<T>();
  };
  type Scope = { completeUpTo: string | null; sealedUpTo: string | null; mergedInto: string | null; memberIds: string[] };
  const step = async (name: string, streamId: string, events: EventToAppend[]) => {
    after[name] = (await stores.store.append(streamId, events, { expectedRevision: 'any' })).lastPosition;
  };

  beforeAll(async () => {
    stores = await openProtectedStores({ eventStoreUrl: postgresUrl(), schema, masterKey: randomBytes(32).toString('base64') });
    audit = await openAuditStore(postgresUrl(), `${schema}_audit`);
    await step('survivor', streamIdFor('customer', survivorId), customerHistory(survivorId, 0));
    await step('away', streamIdFor('customer', awayId), customerHistory(awayId, 1));
    await step('consented', streamIdFor('customer', awayId), appended(`customer-${awayId}`, '2026-03-01T02:00:00Z', { type: 'ConsentGranted', data: { customerId: awayId, purpose: 'survey', evidence: { method: 'web_form', reference: 'f-2', noticeVersion: '1' } } }));
    await step('opened', streamIdFor('case', awayCase), appended(`case-${awayCase}`, '2026-03-02T02:00:00Z', caseEvents(awayCase, { customerId: awayId }).opened('2026-03-02T02:00:00Z')));
    // The sealer runs once, here, and never again: everything after is only in the feed.
    const sealer = new AuditSealer({ events: stores.reader, audit, key: parseSigningKey(randomBytes(32).toString('base64')), clock: () => new Date(), checkpointEvery: 100, checkpointIntervalMs: 60_000 });
    await sealer.seal(await wholeFeed(stores.reader));
    const merge = appended(`customer-${survivorId}`, '2026-03-03T02:00:00Z', { type: 'CustomersMerged', data: { survivorId, mergedAwayIds: [awayId], matchedOn: ['email'] } });
    await step('merged', streamIdFor('customer', survivorId), merge);
    await step('mergedInto', streamIdFor('customer', awayId), appended(`customer-${awayId}`, '2026-03-03T02:00:00Z', { type: 'CustomerMergedInto', data: { customerId: awayId, survivorId, mergeEventId: merge[0]!.id } }));
    await step('gold', streamIdFor('tier', survivorId), appended(`tier-${survivorId}`, '2026-03-04T02:00:00Z', tierEvents(survivorId).assigned('gold')));
    app = await testApp({ routes: customerHistoryRoutes({ events: stores.reader, audit, sealer: null, clock: () => new Date() }) });
  });
  afterAll(async () => {
    await app?.close();
    await audit?.close();
    await stores?.close();
  });

  it('includes the events appended after the sealer’s last run, and says up to which position it is complete', async () => {
    const history = await get<Scope & { events: { type: string; globalPosition: string }[] }>(`/v1/audit/customers/${survivorId}/history`);
    expect(BigInt(history.sealedUpTo!)).toBe(BigInt(after.opened!));
    expect(history.completeUpTo).toBe(after.gold);
    expect(history.events.map(({ type }) => type)).toEqual(['CustomerRegistered', 'CustomerRegistered', 'InteractionRecorded', 'ConsentGranted', 'CaseOpened', 'CustomersMerged', 'CustomerMergedInto', 'TierAssigned']);
    expect(history.events.at(-1)!.globalPosition).toBe(after.gold);
    expect(history.memberIds).toEqual([survivorId, awayId]);
  });

  it('folds the merged-away id into the survivor only from the merge on', async () => {
    const before = await get<Scope & { events: { type: string }[] }>(`/v1/audit/customers/${survivorId}/history?upTo=${after.opened}`);
    expect(before).toMatchObject({ memberIds: [survivorId], mergedInto: null });
    expect(before.events.map(({ type }) => type)).toEqual(['CustomerRegistered']);
    const stateBefore = await get<Scope & { state: State }>(`/v1/audit/customers/${survivorId}/state?position=${after.opened}`);
    expect(stateBefore.state).toMatchObject({ openCases: [], consent: {}, tier: null });
    const stateAfter = await get<Scope & { state: State & { customer: { mergedAwayIds: string[]; sourceSystem: string } } }>(`/v1/audit/customers/${survivorId}/state?position=${after.gold}`);
    expect(stateAfter.memberIds).toEqual([survivorId, awayId]);
    expect(stateAfter.state.customer).toMatchObject({ status: 'active', mergedAwayIds: [awayId] });
    expect(stateAfter.state.consent.survey).toMatchObject({ granted: true });
    expect(stateAfter.state.openCases.map(({ caseId }) => caseId)).toEqual([awayCase]);
    expect(stateAfter.state.tier).toMatchObject({ tier: 'gold' });
  });

  it('answers a merged-away id with the survivor it went to, from the merge on', async () => {
    const away = await get<Scope & { state: State }>(`/v1/audit/customers/${awayId}/state?position=${after.gold}`);
    expect(away).toMatchObject({ mergedInto: survivorId, memberIds: [awayId], state: { customer: { status: 'merged', mergedInto: survivorId } } });
    expect((await get<Scope>(`/v1/audit/customers/${awayId}/history?upTo=${after.merged}`)).mergedInto).toBeNull();
    expect((await get<Scope>(`/v1/audit/customers/${awayId}/history`)).mergedInto).toBe(survivorId);
  });
});
