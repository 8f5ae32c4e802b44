import { randomUUID } from 'node:crypto';
import type { ServiceProcess } from '@ctp/test-kit';
import type { PostgresTimerStore } from '@ctp/timers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually as eventuallyWithin, startTieringStack, type TieringStack } from './test-support/tiering-stack.js';

const newCustomerId = () => `C-${randomUUID().slice(0, 8)}`;
const fact = (customerId: string, type: string, data: Record<string, unknown>, occurredAt: string) => ({ id: randomUUID(), type, customerId, occurredAt, data });
const purchase = (customerId: string, orderId: string, amount: string, occurredAt: string) => fact(customerId, 'PurchaseRecorded', { orderId, amount, margin: amount, currency: 'CNY', channel: 'online' }, occurredAt);
const registration = (customerId: string, name: string) =>
  fact(customerId, 'CustomerRegistered', { kind: 'person', name, customerSince: '2025-06-01', source: { system: 'erp', externalId: `E-${customerId}` }, serviceConsent: { method: 'app', reference: `a-${customerId}`, noticeVersion: '1' } }, daysAgo(200));
/** The services start on a Monday morning in Shanghai; every fact below is dated from this instant. */
const clockStart = '2026-03-02T09:00:00+08:00';
const daysAgo = (days: number) => new Date(Date.parse(clockStart) - days * 86_400_000).toISOString();

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
    stack = await startTieringStack({ CLOCK_START: clockStart });
    ({ intake, tiering, timers } = stack);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const call = (service: ServiceProcess, method: string, path: string, role: string, body?: unknown) => stack.call(service, method, path, role, body);
  const publish = async (events: unknown[]) => expect((await call(intake, 'POST', '/v1/events', 'integrator', { events })).status).toBe(202);
  const history = async (customerId: string) => ((await (await call(tiering, 'GET', `/v1/customers/${customerId}/tier/history?purpose=service`, 'analyst')).json()) as { events: { type: string; occurredAt: string; position: string; data: Record<string, unknown> }[] }).events;
  const eventually = <T>(probe: () => Promise<T | undefined>, what: string, timeoutMs?: number) => eventuallyWithin(probe, what, () => tiering.output(), timeoutMs);
  const tierChange = (customerId: string, direction: string) => eventually(async () => (await history(customerId)).find((event) => event.type === 'TierChanged' && event.data.direction === direction), `a ${direction}`);
  const assignment = (customerId: string) => eventually(async () => (await history(customerId)).find((event) => event.type === 'TierAssigned'), 'TierAssigned');
  /** A customer of this test alone: registered 200 days ago with one small purchase, and assigned a tier. */
  const aCustomer = async () => {
    const customerId = newCustomerId();
    await publish([registration(customerId, 'Zhao Lei'), purchase(customerId, 'SO-1', '100.00', daysAgo(150))]);
    return { customerId, assigned: await assignment(customerId) };
  };
  /** Time passes: the review of that date falls due now (the service may have scheduled it for its date already). */
  const review = async (customerId: string, reviewDate: string) => {
    const id = `tier-review:${customerId}:${reviewDate}`;
    if ((await timers.schedule({ id, kind: 'tier-review', dueAt: stack.clock(), payload: { customerId, reviewDate } })) === 'exists') await timers.reschedule(id, stack.clock());
  };

  it('assigns a tier from intake facts, explained, on the day the services started', async () => {
    const { assigned } = await aCustomer();
    expect(assigned.data).toMatchObject({ tier: 'standard', rule: 'initial_assignment', policyVersion: 1, snapshotDate: '2026-03-02' });
    expect(assigned.occurredAt.slice(0, 10)).toBe('2026-03-02');
    expect((assigned.data.components as unknown[]).length).toBe(6);
  });

  it('upgrades at once when purchases lift the score', async () => {
    const { customerId } = await aCustomer();
    await publish(Array.from({ length: 18 }, (_, i) => purchase(customerId, `SO-B${i}`, '2000.00', daysAgo(100 - i * 5))));
    const upgrade = await tierChange(customerId, 'upgrade');
    expect(upgrade.data).toMatchObject({ from: 'standard', rule: 'upgrade_immediate' });
    const tier = (await (await call(tiering, 'GET', `/v1/customers/${customerId}/tier?minPosition=${upgrade.position}`, 'agent')).json()) as Tier;
    expect(tier.tier).toBe(upgrade.data.to);
  });

  it('warns, then downgrades one step after two reviews below the tier as time passes without purchases', async () => {
    const customerId = newCustomerId();
    await publish([registration(customerId, 'Sun Mei'), ...Array.from({ length: 18 }, (_, i) => purchase(customerId, `SO-D${i}`, '2000.00', daysAgo(100 - i * 5)))]);
    expect((await assignment(customerId)).data.tier).not.toBe('standard');
    const before = (await history(customerId)).length;
    // a year without purchases: the last one (mid-February 2026) is out of the 12-month window at the March 2027 review
    await review(customerId, '2027-03-01');
    const warned = await eventually(async () => (await history(customerId)).slice(before).find((event) => event.type === 'TierDowngradeWarned'), 'a warning');
    expect(warned.data).toMatchObject({ reviewsBelow: 1, reviewsToConfirm: 2 });
    expect((warned.data.needed as unknown[]).length).toBeGreaterThan(0);
    await review(customerId, '2027-04-01');
    const downgrade = await tierChange(customerId, 'downgrade');
    expect(downgrade.data.rule).toMatch(/^downgrade_(confirmed|step_limited)$/);
  });

  it('takes refunds off the score: no downgrade at once, a warning at the next review', async () => {
    const refunded = newCustomerId();
    const about = (type: string, data: Record<string, unknown>, occurredAt: string) => fact(refunded, type, data, occurredAt);
    const orders = Array.from({ length: 18 }, (_, i) => `SO-R${i}`);
    await publish([
      about('CustomerRegistered', { kind: 'person', name: 'Qian Hui', customerSince: '2025-06-01', source: { system: 'erp', externalId: 'E-2' }, serviceConsent: { method: 'app', reference: 'a-2', noticeVersion: '1' } }, daysAgo(200)),
      ...orders.map((orderId, i) => about('PurchaseRecorded', { orderId, amount: '2000.00', margin: '2000.00', currency: 'CNY', channel: 'online' }, daysAgo(100 - i * 5))),
    ]);
    const tierEvents = async () => ((await (await call(tiering, 'GET', `/v1/customers/${refunded}/tier/history?purpose=service`, 'analyst')).json()) as { events: { type: string; causationId: string; data: Record<string, unknown> }[] }).events;
    const assigned = await eventually(async () => (await tierEvents()).find((event) => event.type === 'TierAssigned'), 'TierAssigned');
    expect(assigned.data.tier).not.toBe('standard');
    const refunds = orders.map((orderId, i) => about('PurchaseRefunded', { orderId, refundId: `RF-${i}`, amount: '2000.00', currency: 'CNY' }, daysAgo(1)));
    const response = await call(intake, 'POST', '/v1/events', 'integrator', { events: refunds });
    expect(response.status).toBe(202);
    const { events: stored } = (await response.json()) as { events: { globalPosition: string }[] };
    await eventually(async () => ((await (await call(tiering, 'GET', `/v1/customers/${refunded}/tier?minPosition=${stored.at(-1)!.globalPosition}`, 'agent')).json()) as Tier).tier, 'the tier after the refunds');
    expect((await tierEvents()).map((event) => event.type)).toEqual(['TierAssigned']);
    await review(refunded, '2026-03-03');
    const warned = await eventually(async () => (await tierEvents()).find((event) => event.type === 'TierDowngradeWarned'), 'a warning after the refunds');
    expect(warned.data).toMatchObject({ tier: assigned.data.tier, reviewsBelow: 1 });
    expect(warned.data.projectedTier).not.toBe(assigned.data.tier);
  });

  it('applies an override until it expires, then the computed tier again', async () => {
    const { customerId } = await aCustomer();
    const expiresAt = new Date(stack.clock().getTime() + 3_000).toISOString();
    const response = await call(tiering, 'POST', `/v1/customers/${customerId}/tier/override`, 'admin', { tier: 'key_account', reasonCode: 'key_account_contract', reason: 'signed frame contract', expiresAt });
    expect(response.status, await response.clone().text()).toBe(201);
    expect((await call(tiering, 'POST', `/v1/customers/${customerId}/tier/override`, 'analyst', { tier: 'gold', reasonCode: 'other', reason: 'x', expiresAt })).status).toBe(403);
    const refused = await call(tiering, 'POST', `/v1/customers/${customerId}/tier/override`, 'admin', { tier: 'platinum', reasonCode: 'other', reason: 'x', expiresAt });
    expect(await refused.json()).toMatchObject({ status: 422, errors: [{ rule: 'override_tier_unknown' }] });
    await eventually(async () => (await history(customerId)).find((event) => event.type === 'TierOverridden'), 'the override');
    const expired = await eventually(async () => (await history(customerId)).find((event) => event.type === 'TierOverrideExpired'), 'the expiry', 30_000);
    expect(expired.data).toMatchObject({ tier: 'key_account' });
    const atOverride = (await (await call(tiering, 'GET', `/v1/customers/${customerId}/tier?asOf=${encodeURIComponent(new Date(Date.parse(expiresAt) - 1_000).toISOString())}`, 'agent')).json()) as Tier;
    expect(atOverride.tier).toBe('key_account');
  });

  it('publishes a new policy version, never an edit, and reassesses under it', async () => {
    const { customerId, assigned } = await aCustomer();
    expect(assigned.data.tier).toBe('standard');
    const current = (await (await call(tiering, 'GET', '/v1/tier-policy', 'admin')).json()) as { policy: Record<string, unknown> & { policyVersion: number; tiers: { minScore: number }[]; downgrade: Record<string, unknown> } };
    const { policyId: _id, policyVersion: version, ...document } = current.policy;
    // tiers cut below this customer's score: the standard customer reaches the top tier under the new version
    const score = assigned.data.score as number;
    expect(score).toBeGreaterThan(0);
    const steps = current.policy.tiers.length - 1;
    const band = Math.floor(((score * 0.9) / steps) * 10_000) / 10_000;
    const lenient = { ...document, downgrade: { ...current.policy.downgrade, hysteresisGap: band / 2 }, tiers: current.policy.tiers.map((tier, i) => ({ ...tier, minScore: Math.round((steps - i) * band * 10_000) / 10_000 })) };
    const stale = await call(tiering, 'PUT', '/v1/tier-policy', 'admin', { policy: lenient, expectedVersion: version - 1 });
    expect(stale.status).toBe(409);
    const published = await call(tiering, 'PUT', '/v1/tier-policy', 'admin', { policy: lenient, expectedVersion: version });
    expect(published.status, await published.clone().text()).toBe(201);
    const versions = (await (await call(tiering, 'GET', '/v1/tier-policy/versions', 'auditor')).json()) as { versions: { policy: { policyVersion: number } }[] };
    expect(versions.versions.map(({ policy }) => policy.policyVersion)).toEqual(Array.from({ length: version + 1 }, (_, i) => i + 1));
    await eventually(async () => (await history(customerId)).find((event) => event.type === 'TierChanged' && event.data.policyVersion === version + 1), `a decision under version ${version + 1}`);
  });

  it('dry-runs a proposed policy over history without writing anything', async () => {
    const { customerId } = await aCustomer();
    const current = (await (await call(tiering, 'GET', '/v1/tier-policy', 'admin')).json()) as { policy: Record<string, unknown> };
    const { policyId: _id, policyVersion: _version, ...document } = current.policy;
    const before = await history(customerId);
    const response = await call(tiering, 'POST', '/v1/tier-policy/dry-run', 'analyst', { policy: document, asOf: '2026-03-02' });
    expect(response.status, await response.clone().text()).toBe(200);
    const { total } = (await response.json()) as { total: number };
    expect(total).toBeGreaterThan(0);
    expect(await history(customerId)).toEqual(before);
    // every customer of the stack counted once: the distribution shows as many once the read model has them all
    const distributionTotal = async () => ((await (await call(tiering, 'GET', '/v1/tiers/distribution', 'analyst')).json()) as { total: number }).total;
    await eventually(async () => ((await distributionTotal()) === total ? true : undefined), `the distribution to count the dry run's ${total} customers`);
  });
});
