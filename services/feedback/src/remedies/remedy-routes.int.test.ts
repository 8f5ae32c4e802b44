import { decimalToMinorUnits, minorUnitsToDecimal } from '@ctp/contracts';
import { bearer } from '@ctp/service-kit/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { complaintApp, type ComplaintApp } from '../complaints/test-support/complaint-app.js';

const now = new Date('2026-06-15T02:00:00Z');
const json = { 'content-type': 'application/json' };

describe('remedies on a complaint', () => {
  const start = complaintApp('feedback_remedy_routes', now);
  let t: ComplaintApp;
  let order: { orderId: string; amount: string; customerId: string };
  const percentOfOrder = (percent: number) => minorUnitsToDecimal(Math.floor((decimalToMinorUnits(order.amount, 'CNY') * percent) / 100), 'CNY');
  const post = (url: string, body: unknown, role: 'agent' | 'admin' = 'agent') => t.app.inject({ method: 'POST', url, headers: { ...bearer(role), ...json }, payload: JSON.stringify(body) });
  const offer = (amount: string, more: Record<string, unknown> = {}) => post('/v1/complaints/K-1/remedies', { kind: 'voucher', amount, currency: 'CNY', orderId: order.orderId, ...more });
  const streamLength = async () => (await t.store.stores.reader.readStream('complaint-K-1')).length;

  beforeAll(async () => {
    t = await start();
    const customers = new Set(t.store.customers);
    const purchase = t.store.facts.find((fact) => fact.type === 'PurchaseRecorded' && customers.has(fact.customerId) && fact.data.currency === 'CNY' && decimalToMinorUnits(fact.data.amount, 'CNY') >= 10_000);
    if (purchase?.type !== 'PurchaseRecorded') throw new Error('the history has no CNY order of 100 or more');
    order = { orderId: purchase.data.orderId, amount: purchase.data.amount, customerId: purchase.customerId };
    await t.openComplaint('K-1', order.customerId, new Date(now.getTime() - 86_400_000).toISOString());
  });

  it('settles a remedy within the 10 % band at once, by the agent', async () => {
    const response = await offer(percentOfOrder(10));
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ caseId: 'K-1', status: 'settled', position: expect.any(String) });
    const events = await t.store.stores.reader.readStream('complaint-K-1');
    expect(events.slice(-2).map(({ type, data }) => ({ type, data }))).toMatchObject([
      { type: 'RemedyRequested', data: { orderId: order.orderId, orderAmount: order.amount, amountReporting: percentOfOrder(10), limitReporting: percentOfOrder(10), bandPercent: 10, needsApproval: false } },
      { type: 'RemedySettled', data: { kind: 'voucher', by: 'test-agent' } },
    ]);
  });

  it('keeps a remedy above the band waiting for a manager’s approval; the approval settles it, once', async () => {
    const response = await offer(percentOfOrder(25), { kind: 'refund' });
    expect(response.json()).toMatchObject({ status: 'awaiting_approval' });
    const { remedyId } = response.json();
    const complaint = (await t.app.inject({ url: '/v1/complaints/K-1', headers: bearer('agent') })).json();
    expect(complaint.remedies).toContainEqual({ remedyId, kind: 'refund', amount: percentOfOrder(25), currency: 'CNY', status: 'awaiting_approval' });

    expect((await post(`/v1/complaints/K-1/remedies/${remedyId}/approve`, {}, 'agent')).statusCode).toBe(403);
    const approved = await post(`/v1/complaints/K-1/remedies/${remedyId}/approve`, {}, 'admin');
    expect(approved.json()).toMatchObject({ remedyId, status: 'settled' });
    const last = (await t.store.stores.reader.readStream('complaint-K-1')).slice(-2);
    expect(last.map(({ type }) => type)).toEqual(['RemedyApproved', 'RemedySettled']);
    const again = await post(`/v1/complaints/K-1/remedies/${remedyId}/reject`, { reason: 'too late' }, 'admin');
    expect(again.statusCode).toBe(422);
    expect(again.json().errors).toEqual([expect.objectContaining({ rule: 'remedy_not_pending', path: 'params.remedyId' })]);
  });

  it('records a manager’s rejection with the reason; the remedy is not settled', async () => {
    const { remedyId } = (await offer(percentOfOrder(50), { kind: 'goodwill' })).json();
    const rejected = await post(`/v1/complaints/K-1/remedies/${remedyId}/reject`, { reason: 'a voucher is enough' }, 'admin');
    expect(rejected.json()).toMatchObject({ status: 'rejected' });
    expect((await t.store.stores.reader.readStream('complaint-K-1')).at(-1)).toMatchObject({ type: 'RemedyRejected', data: { remedyId, reason: 'a voucher is enough' } });
  });

  it('refuses bad amounts and fields (400), an order the customer does not have (422), an unknown complaint or remedy (404), and writes nothing', async () => {
    const before = await streamLength();
    const bad = await post('/v1/complaints/K-1/remedies', { kind: 'cashback', amount: '12.345', currency: 'CNY', orderId: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map(({ path }: { path: string }) => path)).toEqual(expect.arrayContaining(['body.kind', 'body.amount', 'body.orderId']));
    const tooPrecise = await offer('12.345');
    expect(tooPrecise.statusCode).toBe(400);
    expect(tooPrecise.json().errors).toEqual([expect.objectContaining({ path: 'body.amount' })]);
    expect((await offer('0')).statusCode).toBe(400);
    const noBody = await t.app.inject({ method: 'POST', url: '/v1/complaints/K-1/remedies', headers: bearer('agent') });
    expect(noBody.statusCode, noBody.body).toBe(400);
    expect(noBody.headers['content-type']).toContain('application/problem+json');
    expect((await post('/v1/complaints/K-1/remedies', [null, null])).statusCode).toBe(400);
    const unknownOrder = await offer('1.00', { orderId: 'O-nobody-has' });
    expect(unknownOrder.statusCode).toBe(422);
    expect(unknownOrder.json().errors).toEqual([expect.objectContaining({ path: 'body.orderId', rule: 'order_not_found' })]);
    const noRate = await offer('1.00', { currency: 'USD' });
    expect(noRate.json().errors).toEqual([expect.objectContaining({ path: 'body.currency', rule: 'currency_not_accepted' })]);
    expect((await post('/v1/complaints/K-none/remedies', { kind: 'voucher', amount: '1.00', currency: 'CNY', orderId: order.orderId })).statusCode).toBe(404);
    expect((await post('/v1/complaints/K-1/remedies/R-none/approve', {}, 'admin')).statusCode).toBe(404);
    expect(await streamLength()).toBe(before);
  });
});
