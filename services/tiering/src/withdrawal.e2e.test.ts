import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextReviewDate } from '@ctp/calendar';
import { eventually as eventuallyWithin, startTieringStack, type TieringStack } from './test-support/tiering-stack.js';

const newId = () => `C-${randomUUID().slice(0, 8)}`;
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
const fact = (customerId: string, type: string, data: Record<string, unknown>, occurredAt = new Date().toISOString()) => ({ id: randomUUID(), type, customerId, occurredAt, data });
const registration = (customerId: string) =>
  fact(customerId, 'CustomerRegistered', { kind: 'person', name: 'Qian Hui', customerSince: '2024-06-01', source: { system: 'erp', externalId: `E-${customerId}` }, serviceConsent: { method: 'app', reference: 'a-1', noticeVersion: '1' } }, daysAgo(200));
const purchase = (customerId: string, orderId: string, amount: string, occurredAt: string) =>
  fact(customerId, 'PurchaseRecorded', { orderId, amount, margin: amount, currency: 'CNY', channel: 'online' }, occurredAt);
/** Shanghai has no daylight saving: its date is the UTC date eight hours on. */
const shanghaiDate = (instant: string) => new Date(Date.parse(instant) + 8 * 3_600_000).toISOString().slice(0, 10);

interface TierEvent {
  type: string;
  occurredAt: string;
  position: string;
  data: Record<string, unknown>;
}

describe('tiering end to end: a merged-away or erased customer leaves the tier base', () => {
  let stack: TieringStack;

  beforeAll(async () => {
    stack = await startTieringStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const call = (method: string, path: string, role: string, body?: unknown) => stack.call(stack.tiering, method, path, role, body);
  const read = async <T>(path: string, role = 'analyst') => (await (await call('GET', path, role)).json()) as T;
  const publish = async (events: unknown[]) => {
    // Erasure requests need the privacy role; everything else comes from an integrator.
    const role = events.some((event) => (event as { type?: string }).type === 'CustomerErasureRequested') ? 'privacy' : 'integrator';
    const response = await stack.call(stack.intake, 'POST', '/v1/events', role, { events });
    expect(response.status, await response.clone().text()).toBe(202);
  };
  const history = async (customerId: string) => (await read<{ events: TierEvent[] }>(`/v1/customers/${customerId}/tier/history?purpose=service`)).events;
  const eventually = <T>(probe: () => Promise<T | undefined>, what: string) => eventuallyWithin(probe, what, () => stack.tiering.output());
  const eventOn = (customerId: string, type: string, where: (event: TierEvent) => boolean = () => true) =>
    eventually(async () => (await history(customerId)).find((event) => event.type === type && where(event)), `${type} on ${customerId}`);
  const distribution = () => read<{ served: Record<string, number>; computed: Record<string, number>; total: number }>('/v1/tiers/distribution');
  const totalBecomes = (total: number, what: string) => eventually(async () => ((await distribution()).total === total ? true : undefined), what);

  /**
   * This test's own customers, tiered: a survivor and a customer forgotten later (standard), and a
   * duplicate with enough purchases for a higher tier. Tests run one after the other, so the
   * distribution's total is compared with what it was when the test began.
   */
  async function tieredCustomers() {
    const [survivor, duplicate, forgotten] = [newId(), newId(), newId()];
    const totalBefore = (await distribution()).total;
    await publish([registration(survivor), purchase(survivor, 'SO-A1', '100.00', daysAgo(150)), registration(forgotten), purchase(forgotten, 'SO-C1', '100.00', daysAgo(120))]);
    await publish([registration(duplicate), ...Array.from({ length: 18 }, (_, i) => purchase(duplicate, `SO-B${i}`, '2000.00', daysAgo(100 - i * 5)))]);
    const tiersBefore = new Map<string, string>();
    for (const customerId of [survivor, duplicate, forgotten]) {
      const tier = await eventually(async () => {
        const response = await call('GET', `/v1/customers/${customerId}/tier`, 'agent');
        return response.status === 200 ? ((await response.json()) as { tier: string }).tier : undefined;
      }, `a tier for ${customerId}`);
      tiersBefore.set(customerId, tier);
    }
    await totalBecomes(totalBefore + 3, 'three more customers in the distribution');
    return { survivor, duplicate, forgotten, tiersBefore, total: totalBefore + 3 };
  }
  /** The duplicate merged into the survivor, its tier withdrawn and the survivor reassessed. */
  async function merged(customers: Awaited<ReturnType<typeof tieredCustomers>>) {
    const { survivor, duplicate } = customers;
    await publish([fact(survivor, 'CustomersMerged', { mergedAwayIds: [duplicate], matchedOn: ['phone'] })]);
    const withdrawn = await eventOn(duplicate, 'TierWithdrawn');
    const upgrade = await eventOn(survivor, 'TierChanged', (event) => event.data.direction === 'upgrade');
    return { withdrawn, upgrade };
  }

  it('tiers three customers, on the business date, with the next review due at its start in Asia/Shanghai', async () => {
    const { survivor, tiersBefore, duplicate } = await tieredCustomers();
    expect(tiersBefore.get(survivor)).toBe('standard');
    expect(tiersBefore.get(duplicate)).not.toBe('standard');
    const assigned = await eventOn(survivor, 'TierAssigned');
    const snapshotDate = shanghaiDate(assigned.occurredAt);
    expect(assigned.data.snapshotDate).toBe(snapshotDate);
    const reviewDate = nextReviewDate('monthly', snapshotDate);
    const reviewTimer = await stack.timers.get(`tier-review:${survivor}:${reviewDate}`);
    expect(reviewTimer?.dueAt.toISOString()).toBe(new Date(`${reviewDate}T00:00:00+08:00`).toISOString());
  });

  it('withdraws the merged-away tier and reassesses the survivor with both histories', async () => {
    const customers = await tieredCustomers();
    const { survivor, duplicate, tiersBefore } = customers;
    const servedBefore = (await distribution()).served;
    const { withdrawn, upgrade } = await merged(customers);
    expect(withdrawn.data).toEqual({ customerId: duplicate, tier: tiersBefore.get(duplicate), reason: 'merged', mergedInto: survivor });
    expect((await history(duplicate)).at(-1)?.type).toBe('TierWithdrawn');
    const frequency = (upgrade.data.components as { component: string; value: string }[]).find(({ component }) => component === 'frequency');
    expect(frequency?.value).toBe('19');

    const latest = BigInt(withdrawn.position) > BigInt(upgrade.position) ? withdrawn.position : upgrade.position;
    const asked = await read<Record<string, unknown>>(`/v1/customers/${duplicate}/tier?minPosition=${latest}`, 'agent');
    expect(asked).toMatchObject({ customerId: survivor, requestedId: duplicate, mergedAway: true, tier: upgrade.data.to });
    const before = await read<Record<string, unknown>>(`/v1/customers/${duplicate}/tier?asOf=${encodeURIComponent(new Date(Date.parse(withdrawn.occurredAt) - 1).toISOString())}`, 'agent');
    expect(before).toMatchObject({ customerId: duplicate, mergedAway: false, tier: tiersBefore.get(duplicate) });
    // the merged-away id's lifecycle is the survivor's
    const lifecycle = await eventually(async () => {
      const response = await call('GET', `/v1/customers/${duplicate}/lifecycle`, 'agent');
      return response.status === 200 ? ((await response.json()) as Record<string, unknown>) : undefined;
    }, 'the survivor’s lifecycle');
    expect(lifecycle).toMatchObject({ customerId: survivor, requestedId: duplicate, mergedAway: true, stage: expect.any(String) });

    // out of the distribution: the duplicate's tier counts one less, the survivor moved from its tier to the new one
    const served = await eventually(async () => {
      const counts = await distribution();
      return counts.total === customers.total - 1 ? counts : undefined;
    }, 'the merged-away customer out of the distribution');
    const change = (tier: string) => (served.served[tier] ?? 0) - (servedBefore[tier] ?? 0);
    const expected = new Map<string, number>();
    for (const [tier, delta] of [[tiersBefore.get(duplicate)!, -1], [tiersBefore.get(survivor)!, -1], [String(upgrade.data.to), 1]] as const) expected.set(tier, (expected.get(tier) ?? 0) + delta);
    expect(Object.fromEntries([...expected.keys()].map((tier) => [tier, change(tier)]))).toEqual(Object.fromEntries(expected));
  });

  it('decides nothing more for the merged-away id: its review does nothing, an override is refused', async () => {
    const customers = await tieredCustomers();
    const { duplicate } = customers;
    await merged(customers);
    const events = (await history(duplicate)).length;
    const reviewDate = nextReviewDate('monthly', shanghaiDate(new Date().toISOString()));
    const reviewId = `tier-review:${duplicate}:${reviewDate}`;
    if ((await stack.timers.schedule({ id: reviewId, kind: 'tier-review', dueAt: new Date(), payload: { customerId: duplicate, reviewDate } })) === 'exists') {
      await stack.timers.reschedule(reviewId, new Date());
    }
    await eventually(async () => ((await stack.timers.get(reviewId))?.state === 'fired' ? true : undefined), 'the review to fire');
    expect((await history(duplicate)).length).toBe(events);
    const override = await call('POST', `/v1/customers/${duplicate}/tier/override`, 'admin', { tier: 'key_account', reasonCode: 'key_account_contract', reason: 'contract', expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
    expect(await override.json()).toMatchObject({ status: 422, errors: [{ rule: 'customer_withdrawn' }] });
  });

  it('withdraws the tier of an erased customer: 404 saying so, out of the distribution, a movement out', async () => {
    const startedAt = new Date().toISOString();
    const customers = await tieredCustomers();
    const { forgotten, tiersBefore } = customers;
    await publish([fact(forgotten, 'CustomerErasureRequested', { requestId: 'ER-1', requestedVia: 'email' })]);
    const withdrawn = await eventOn(forgotten, 'TierWithdrawn');
    expect(withdrawn.data).toEqual({ customerId: forgotten, tier: tiersBefore.get(forgotten), reason: 'erased', mergedInto: null });
    const response = await call('GET', `/v1/customers/${forgotten}/tier?minPosition=${withdrawn.position}`, 'agent');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({ code: 'CTP_NOT_FOUND', withdrawn: 'erased', detail: expect.stringContaining('erased') });
    const lifecycle = await call('GET', `/v1/customers/${forgotten}/lifecycle`, 'agent');
    expect(lifecycle.status).toBe(404);
    expect(await lifecycle.json()).toMatchObject({ code: 'CTP_NOT_FOUND', withdrawn: 'erased' });

    await totalBecomes(customers.total - 1, 'the erased customer out of the distribution');
    const until = new Date(Date.now() + 60_000).toISOString();
    const movements = await eventually(async () => {
      const answer = await read<{ countedUpTo: string | null; withdrawals: number; movements: { customerId: string; direction: string; from: string; to: string | null }[] }>(
        `/v1/tiers/movements?from=${encodeURIComponent(startedAt)}&to=${encodeURIComponent(until)}`,
      );
      return answer.countedUpTo !== null && BigInt(answer.countedUpTo) >= BigInt(withdrawn.position) ? answer : undefined;
    }, 'the movements followed past the withdrawal');
    expect(movements.withdrawals).toBe(1);
    expect(movements.movements.filter(({ direction }) => direction === 'withdrawn')).toEqual([expect.objectContaining({ customerId: forgotten, from: tiersBefore.get(forgotten), to: null })]);
  });
});
