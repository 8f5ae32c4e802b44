import { randomUUID } from 'node:crypto';
import type { ServiceProcess } from '@ctp/test-kit';
import type { PostgresTimerStore } from '@ctp/timers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually as eventuallyWithin, startTieringStack, type TieringStack } from './test-support/tiering-stack.js';

const customerId = `C-${randomUUID().slice(0, 8)}`;
const fact = (type: string, data: Record<string, unknown>, occurredAt: string) => ({ id: randomUUID(), type, customerId, occurredAt, data });
const purchase = (orderId: string, amount: string, occurredAt: string) => fact('PurchaseRecorded', { orderId, amount, margin: amount, currency: 'CNY', channel: 'online' }, occurredAt);
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

interface Tier {
  tier: string;
  computedTier: string;
  policyVersion: number;
  override: { tier: string } | null;
  explanation: { score: number; components: unknown[] };
}

describe('tiering end to end: intake facts -> tier, upgrades at once, downgrades after reviews, overrides, policy versions', () => {
  let stack: TieringStack;
  let intake: ServiceProcess;
  let tiering: ServiceProcess;
  let timers: PostgresTimerStore;

  beforeAll(async () => {
    stack = await startTieringStack();
    ({ intake, tiering, timers } = stack);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const call = (service: ServiceProcess, method: string, path: string, role: string, body?: unknown) => stack.call(service, method, path, role, body);
  const publish = async (events: unknown[]) => expect((await call(intake, 'POST', '/v1/events', 'integrator', { events })).status).toBe(202);
  const history = async () => ((await (await call(tiering, 'GET', `/v1/customers/${customerId}/tier/history`, 'analyst')).json()) as { events: { type: string; position: string; data: Record<string, unknown> }[] }).events;
  const eventually = <T>(probe: () => Promise<T | undefined>, what: string, timeoutMs?: number) => eventuallyWithin(probe, what, () => tiering.output(), timeoutMs);
  const tierChange = (direction: string) => eventually(async () => (await history()).find((event) => event.type === 'TierChanged' && event.data.direction === direction), `a ${direction}`);
  /** Time passes: the review of that date falls due now (the service may have scheduled it for its date already). */
  const review = async (reviewDate: string) => {
    const id = `tier-review:${customerId}:${reviewDate}`;
    if ((await timers.schedule({ id, kind: 'tier-review', dueAt: new Date(), payload: { customerId, reviewDate } })) === 'exists') await timers.reschedule(id, new Date());
  };

  it('assigns a tier from intake facts, explained', async () => {
    await publish([
      fact('CustomerRegistered', { kind: 'person', name: 'Zhao Lei', customerSince: '2025-06-01', source: { system: 'erp', externalId: 'E-1' }, serviceConsent: { method: 'app', reference: 'a-1', noticeVersion: '1' } }, daysAgo(200)),
      purchase('SO-1', '100.00', daysAgo(150)),
    ]);
    const assigned = await eventually(async () => (await history()).find((event) => event.type === 'TierAssigned'), 'TierAssigned');
    expect(assigned.data).toMatchObject({ tier: 'standard', rule: 'initial_assignment', policyVersion: 1 });
    expect((assigned.data.components as unknown[]).length).toBe(6);
  });

  it('upgrades at once when purchases lift the score', async () => {
    await publish(Array.from({ length: 18 }, (_, i) => purchase(`SO-B${i}`, '2000.00', daysAgo(100 - i * 5))));
    const upgrade = await tierChange('upgrade');
    expect(upgrade.data).toMatchObject({ from: 'standard', rule: 'upgrade_immediate' });
    const tier = (await (await call(tiering, 'GET', `/v1/customers/${customerId}/tier?minPosition=${upgrade.position}`, 'agent')).json()) as Tier;
    expect(tier.tier).toBe(upgrade.data.to);
  });

  it('warns, then downgrades one step after two reviews below the tier as time passes without purchases', async () => {
    const before = (await history()).length;
    await review('2028-01-01');
    const warned = await eventually(async () => (await history()).slice(before).find((event) => event.type === 'TierDowngradeWarned'), 'a warning');
    expect(warned.data).toMatchObject({ reviewsBelow: 1, reviewsToConfirm: 2 });
    expect((warned.data.needed as unknown[]).length).toBeGreaterThan(0);
    await review('2028-02-01');
    const downgrade = await tierChange('downgrade');
    expect(downgrade.data.rule).toMatch(/^downgrade_(confirmed|step_limited)$/);
  });

  it('takes refunds off the score: no downgrade at once, a warning at the next review', async () => {
    const refunded = `C-${randomUUID().slice(0, 8)}`;
    const about = (type: string, data: Record<string, unknown>, occurredAt: string) => ({ ...fact(type, data, occurredAt), customerId: refunded });
    const orders = Array.from({ length: 18 }, (_, i) => `SO-R${i}`);
    await publish([
      about('CustomerRegistered', { kind: 'person', name: 'Qian Hui', customerSince: '2025-06-01', source: { system: 'erp', externalId: 'E-2' }, serviceConsent: { method: 'app', reference: 'a-2', noticeVersion: '1' } }, daysAgo(200)),
      ...orders.map((orderId, i) => about('PurchaseRecorded', { orderId, amount: '2000.00', margin: '2000.00', currency: 'CNY', channel: 'online' }, daysAgo(100 - i * 5))),
    ]);
    const tierEvents = async () => ((await (await call(tiering, 'GET', `/v1/customers/${refunded}/tier/history`, 'analyst')).json()) as { events: { type: string; causationId: string; data: Record<string, unknown> }[] }).events;
    const assigned = await eventually(async () => (await tierEvents()).find((event) => event.type === 'TierAssigned'), 'TierAssigned');
    expect(assigned.data.tier).not.toBe('standard');
    const refunds = orders.map((orderId, i) => about('PurchaseRefunded', { orderId, refundId: `RF-${i}`, amount: '2000.00', currency: 'CNY' }, daysAgo(1)));
    const response = await call(intake, 'POST', '/v1/events', 'integrator', { events: refunds });
    expect(response.status).toBe(202);
    const { events: stored } = (await response.json()) as { events: { globalPosition: string }[] };
    await eventually(async () => ((await (await call(tiering, 'GET', `/v1/customers/${refunded}/tier?minPosition=${stored.at(-1)!.globalPosition}`, 'agent')).json()) as Tier).tier, 'the tier after the refunds');
    expect((await tierEvents()).map((event) => event.type)).toEqual(['TierAssigned']);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const id = `tier-review:${refunded}:${tomorrow}`;
    if ((await timers.schedule({ id, kind: 'tier-review', dueAt: new Date(), payload: { customerId: refunded, reviewDate: tomorrow } })) === 'exists') await timers.reschedule(id, new Date());
    const warned = await eventually(async () => (await tierEvents()).find((event) => event.type === 'TierDowngradeWarned'), 'a warning after the refunds');
    expect(warned.data).toMatchObject({ tier: assigned.data.tier, reviewsBelow: 1 });
    expect(warned.data.projectedTier).not.toBe(assigned.data.tier);
  });

  it('applies an override until it expires, then the computed tier again', async () => {
    const expiresAt = new Date(Date.now() + 3_000).toISOString();
    const response = await call(tiering, 'POST', `/v1/customers/${customerId}/tier/override`, 'admin', { tier: 'key_account', reasonCode: 'key_account_contract', reason: 'signed frame contract', expiresAt });
    expect(response.status, await response.clone().text()).toBe(201);
    expect((await call(tiering, 'POST', `/v1/customers/${customerId}/tier/override`, 'analyst', { tier: 'gold', reasonCode: 'other', reason: 'x', expiresAt })).status).toBe(403);
    const refused = await call(tiering, 'POST', `/v1/customers/${customerId}/tier/override`, 'admin', { tier: 'platinum', reasonCode: 'other', reason: 'x', expiresAt });
    expect(await refused.json()).toMatchObject({ status: 422, errors: [{ rule: 'override_tier_unknown' }] });
    await eventually(async () => (await history()).find((event) => event.type === 'TierOverridden'), 'the override');
    const expired = await eventually(async () => (await history()).find((event) => event.type === 'TierOverrideExpired'), 'the expiry', 30_000);
    expect(expired.data).toMatchObject({ tier: 'key_account' });
    const atOverride = (await (await call(tiering, 'GET', `/v1/customers/${customerId}/tier?asOf=${encodeURIComponent(new Date(Date.parse(expiresAt) - 1_000).toISOString())}`, 'agent')).json()) as Tier;
    expect(atOverride.tier).toBe('key_account');
  });

  it('publishes a new policy version, never an edit, and reassesses under it', async () => {
    const current = (await (await call(tiering, 'GET', '/v1/tier-policy', 'admin')).json()) as { policy: Record<string, unknown> & { tiers: { minScore: number }[] } };
    const { policyId: _id, policyVersion: _version, ...document } = current.policy;
    const lenient = { ...document, tiers: current.policy.tiers.map((tier, i, all) => ({ ...tier, minScore: i === all.length - 1 ? 0 : Math.round((0.3 - i * 0.1) * 100) / 100 })) };
    const stale = await call(tiering, 'PUT', '/v1/tier-policy', 'admin', { policy: lenient, expectedVersion: 0 });
    expect(stale.status).toBe(409);
    const published = await call(tiering, 'PUT', '/v1/tier-policy', 'admin', { policy: lenient, expectedVersion: 1 });
    expect(published.status, await published.clone().text()).toBe(201);
    const versions = (await (await call(tiering, 'GET', '/v1/tier-policy/versions', 'auditor')).json()) as { versions: unknown[] };
    expect(versions.versions).toHaveLength(2);
    await eventually(async () => (await history()).find((event) => event.type === 'TierChanged' && event.data.policyVersion === 2), 'a decision under version 2');
  });

  it('dry-runs a proposed policy over history without writing anything', async () => {
    const current = (await (await call(tiering, 'GET', '/v1/tier-policy', 'admin')).json()) as { policy: Record<string, unknown> };
    const { policyId: _id, policyVersion: _version, ...document } = current.policy;
    const before = (await history()).length;
    const response = await call(tiering, 'POST', '/v1/tier-policy/dry-run', 'analyst', { policy: document, asOf: new Date().toISOString().slice(0, 10) });
    expect(response.status, await response.clone().text()).toBe(200);
    expect(await response.json()).toMatchObject({ total: 2, unchanged: 2 });
    expect((await history()).length).toBe(before);
    const distribution = (await (await call(tiering, 'GET', '/v1/tiers/distribution', 'analyst')).json()) as { total: number };
    expect(distribution.total).toBe(2);
  });
});
