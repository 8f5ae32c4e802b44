import { randomBytes, randomUUID } from 'node:crypto';
import { buildEvent, parseExchangeRates, streamIdFor } from '@ctp/contracts';
import { openProtectedStores, type ProtectedStores } from '@ctp/event-store';
import { appendHistory } from '@ctp/intake/append-history';
import { postgresUrl, uniqueName } from '@ctp/test-kit';
import { createTimerStore, type PostgresTimerStore } from '@ctp/timers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tieringActor } from '../tiers/tier-stream.js';
import { lifecycleTimers } from './lifecycle-check.js';
import type { LifecycleDeps } from './lifecycle-deps.js';
import { reactToLifecycleFacts } from './lifecycle-reactions.js';
import { ensureLifecycleRules } from './lifecycle-rules-stream.js';
import { lifecycleEvents } from './lifecycle-stream.js';

const now = new Date('2026-03-16T02:00:00Z');
const noHeartbeat = async () => undefined;
const silent = { info: () => undefined };
const context = { actor: { kind: 'api-key', id: 'test', role: 'integrator' }, correlationId: 'lifecycle-test', traceparent: null } as const;
const registration = (customerId: string, occurredAt: string) => ({ id: randomUUID(), type: 'CustomerRegistered' as const, customerId, occurredAt, data: { kind: 'person', name: 'Lin Yue', customerSince: occurredAt.slice(0, 10), source: { system: 'erp', externalId: `E-${customerId}` }, serviceConsent: { method: 'app', reference: 'opt-in', noticeVersion: '1' } } });
const model = { id: 'churn-early-warning', version: 2 };
const winBackRequested = (customerId: string, at: string) => ({ customerId, crossing: 1, score: 0.42, threshold: 0.35, model, asOf: at.slice(0, 10), tier: null, topFactors: [], causes: [], requestedAt: at });
const riskSubsided = (customerId: string, at: string) => ({ customerId, crossing: 1, score: 0.2, threshold: 0.35, model, asOf: at.slice(0, 10), subsidedAt: at });
const purchase = (customerId: string, occurredAt: string) => ({ id: randomUUID(), type: 'PurchaseRecorded' as const, customerId, occurredAt, data: { orderId: `SO-${randomUUID().slice(0, 8)}`, amount: '120.00', margin: '30.00', currency: 'CNY', channel: 'online' } });

describe('the lifecycle reactor and its daily check, on a real store and timer table', () => {
  let stores: ProtectedStores;
  let timers: PostgresTimerStore;
  let deps: LifecycleDeps;

  beforeAll(async () => {
    const schema = uniqueName('lifecycle_reactor');
    stores = await openProtectedStores({ eventStoreUrl: postgresUrl(), schema, masterKey: randomBytes(32).toString('base64') });
    timers = await createTimerStore(postgresUrl(), { schema, table: 'lifecycle_timers' });
    deps = { store: stores.store, history: stores.reader, timers, lifecycleTimers: timers, rates: parseExchangeRates('CNY', ''), policyId: 'default', timeZone: 'Asia/Shanghai', clock: () => now };
    await ensureLifecycleRules(stores.store, () => now, silent);
    await ensureLifecycleRules(stores.store, () => now, silent);
  });
  afterAll(async () => {
    await stores?.close();
    await timers?.close();
  });

  const customerFacts = async (customerId: string) => stores.reader.readStream(streamIdFor('customer', customerId));
  const stages = async (customerId: string) => (await lifecycleEvents(stores.store, customerId)).map(({ data: { to, rule, fact } }) => [to, rule, fact.kind]);

  it('publishes the default rules once, however often tiering starts', async () => {
    expect((await stores.store.readStream(streamIdFor('lifecycleRules', 'default'))).map(({ type }) => type)).toEqual(['LifecycleRulesVersionPublished']);
  });

  it('moves a customer on each fact once, schedules the daily check of the new period, and the check ends it', async () => {
    const customerId = `C-${randomUUID().slice(0, 8)}`;
    await appendHistory({ store: stores.store, erase: async () => undefined }, [registration(customerId, '2026-02-01T02:00:00Z'), purchase(customerId, '2026-02-10T02:00:00Z')], { context });
    await reactToLifecycleFacts(deps, await customerFacts(customerId), noHeartbeat);
    await reactToLifecycleFacts(deps, await customerFacts(customerId), noHeartbeat);
    expect(await stages(customerId)).toEqual([['new', 'registered', 'event'], ['activating', 'first_purchase', 'event']]);

    // 90 days after 2026-02-01 10:00 Shanghai is 2026-05-02 10:00: checked at the start of the next day there
    const check = await timers.get(`lifecycle-check:${customerId}:2026-05-03`);
    expect(check).toMatchObject({ kind: 'lifecycle-check', state: 'pending', dueAt: new Date('2026-05-02T16:00:00Z'), payload: { customerId } });
    await lifecycleTimers.handler(deps)(check!, { signal: new AbortController().signal });
    await lifecycleTimers.handler(deps)(check!, { signal: new AbortController().signal });
    const [, , active] = await lifecycleEvents(stores.store, customerId);
    expect(active).toMatchObject({ causationId: check!.id, data: { from: 'activating', to: 'active', rule: 'new_period_ended', fact: { kind: 'time', timerId: check!.id, at: '2026-05-02T16:00:00.000Z' } } });
    expect(await stages(customerId)).toHaveLength(3);
    // next: lapsing 180 days after the purchase (2026-08-09 10:00 Shanghai)
    expect(await timers.get(`lifecycle-check:${customerId}:2026-08-10`)).toMatchObject({ state: 'pending' });
  });

  it("follows analytics' churn model: at risk on a win-back request, back when the risk subsides", async () => {
    const customerId = `C-${randomUUID().slice(0, 8)}`;
    await appendHistory({ store: stores.store, erase: async () => undefined }, [registration(customerId, '2026-01-05T02:00:00Z'), purchase(customerId, '2026-01-06T02:00:00Z'), purchase(customerId, '2026-01-20T02:00:00Z')], { context });
    await reactToLifecycleFacts(deps, await customerFacts(customerId), noHeartbeat);
    const churnStream = streamIdFor('churn', customerId);
    const churnContext = (occurredAt: string) => ({ id: randomUUID(), streamId: churnStream, occurredAt, correlationId: 'scan', causationId: null, actor: tieringActor, traceparent: null });
    await stores.store.append(churnStream, [
      buildEvent('WinBackRequested', winBackRequested(customerId, '2026-03-02T02:00:00.000Z'), churnContext('2026-03-02T02:00:00.000Z')),
      buildEvent('ChurnRiskSubsided', riskSubsided(customerId, '2026-03-09T02:00:00.000Z'), churnContext('2026-03-09T02:00:00.000Z')),
    ], { expectedRevision: 'no_stream' });
    await reactToLifecycleFacts(deps, await stores.store.readStream(churnStream), noHeartbeat);
    expect(await stages(customerId)).toEqual([['new', 'registered', 'event'], ['activating', 'first_purchase', 'event'], ['active', 'repeat_purchase', 'event'], ['at_risk', 'churn_risk', 'event'], ['active', 'churn_risk_subsided', 'event']]);
    const [atRisk] = (await lifecycleEvents(stores.store, customerId)).slice(3);
    expect(atRisk!.data.detail).toBe('churn score 0.42 >= 0.35 (churn-early-warning v2)');
  });

  it("moves a survivor on a merge that brings the merged-away id's purchases", async () => {
    const [survivor, duplicate] = [`C-${randomUUID().slice(0, 8)}`, `C-${randomUUID().slice(0, 8)}`];
    const intake = { store: stores.store, erase: async () => undefined };
    const merge = { id: randomUUID(), type: 'CustomersMerged' as const, customerId: survivor, occurredAt: '2026-03-01T02:00:00Z', data: { mergedAwayIds: [duplicate], matchedOn: ['phone'] } };
    await appendHistory(intake, [registration(survivor, '2026-02-01T02:00:00Z'), purchase(survivor, '2026-02-10T02:00:00Z'), registration(duplicate, '2026-02-02T02:00:00Z'), purchase(duplicate, '2026-02-11T02:00:00Z'), merge], { context });
    const [registered, bought, mergedFact] = await customerFacts(survivor);
    await reactToLifecycleFacts(deps, [registered!, bought!], noHeartbeat);
    expect(await stages(survivor)).toEqual([['new', 'registered', 'event'], ['activating', 'first_purchase', 'event']]);
    await reactToLifecycleFacts(deps, [mergedFact!], noHeartbeat);
    const [, , merged] = await lifecycleEvents(stores.store, survivor);
    expect(merged?.data).toMatchObject({ from: 'activating', to: 'active', rule: 'repeat_purchase', detail: '2 purchases >= 2', fact: { kind: 'event', type: 'CustomersMerged' } });
  });

  it('gives no lifecycle to an id without a registration', async () => {
    const customerId = `C-${randomUUID().slice(0, 8)}`;
    const stream = streamIdFor('churn', customerId);
    await stores.store.append(stream, [buildEvent('WinBackRequested', winBackRequested(customerId, now.toISOString()), { id: randomUUID(), streamId: stream, occurredAt: now.toISOString(), correlationId: 'scan', causationId: null, actor: tieringActor, traceparent: null })], { expectedRevision: 'no_stream' });
    await reactToLifecycleFacts(deps, await stores.store.readStream(stream), noHeartbeat);
    expect(await stages(customerId)).toEqual([]);
  });
});
