import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, freePort, startServiceStack, type ServiceStack } from '@ctp/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveryIdHeader, signatureHeader, verifySignature } from './domain/webhooks/signature.js';
import { ReceiverProcess, type ReceivedRequest } from './test-support/receiver-process.js';

/**
 * The backoff is short here (250 ms doubling to 2 s, parked after 8 attempts, about 10 s): the receiver's outage
 * lasts seconds, not the minute, with the same mechanism.
 */
const settings = { WEBHOOK_BACKOFF_INITIAL_MS: '250', WEBHOOK_BACKOFF_MAX_MS: '2000', WEBHOOK_MAX_ATTEMPTS: '8' };
const secret = 'whsec-end-to-end-0123456789';
const evidence = { method: 'app', reference: 'opt-in', noticeVersion: '1' };
const fact = (customerId: string, type: string, data: Record<string, unknown>, occurredAt: string) => ({ id: randomUUID(), type, customerId, occurredAt, data });
const registration = (customerId: string) =>
  fact(customerId, 'CustomerRegistered', { kind: 'person', name: 'Wang Fang', customerSince: '2025-01-01', source: { system: 'erp', externalId: `E-${customerId}` }, serviceConsent: evidence }, '2025-01-01T02:00:00Z');
const purchase = (customerId: string, orderId: string, day: number) =>
  fact(customerId, 'PurchaseRecorded', { orderId, amount: '120.00', margin: '30.00', currency: 'CNY', channel: 'online' }, `2025-02-${String(day).padStart(2, '0')}T04:00:00Z`);
const refund = (customerId: string, orderId: string) => fact(customerId, 'PurchaseRefunded', { orderId, refundId: `R-${orderId}`, amount: '120.00', currency: 'CNY', reason: 'damaged' }, '2025-02-20T04:00:00Z');

interface Delivered {
  readonly deliveryId: string;
  readonly event: { readonly id: string; readonly type: string; readonly data: { readonly customerId: string; readonly orderId?: string } };
}
const bodyOf = (request: ReceivedRequest) => JSON.parse(request.body) as Delivered;

describe('webhooks end to end: a real receiver process, intake’s events through the relay and Kafka', () => {
  let stack: ServiceStack;
  let receiver: ReceiverProcess;

  beforeAll(async () => {
    receiver = new ReceiverProcess(await freePort(), await mkdtemp(join(tmpdir(), 'ctp-webhooks-')));
    stack = await startServiceStack(['relay', 'intake', 'outbound'], settings, 'outbound_webhooks_e2e');
  });
  afterAll(async () => {
    await receiver?.stop();
    await stack?.stop();
  });

  const output = () => stack.service('outbound').output();
  const admin = async (method: string, path: string, body?: unknown) => {
    const response = await stack.call('outbound', method, path, 'admin', body);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const subscribe = async (path: string, eventTypes: string[]) => {
    const answer = await admin('POST', '/v1/webhooks', { url: receiver.url(path), eventTypes, secret });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body.subscriptionId as string;
  };
  const publish = async (...facts: unknown[]) => expect((await stack.call('intake', 'POST', '/v1/events', 'integrator', { events: facts })).status).toBe(202);
  const log = async (subscriptionId: string) => (await admin('GET', `/v1/webhooks/${subscriptionId}/deliveries?limit=500`)).body.deliveries as { deliveryId: string; state: string; attemptLog: { status: number | null; error: string | null }[] }[];
  const receivedAt = async (path: string) => (await receiver.received()).filter((request) => request.path === `/${path}` && request.answered === 200);

  it('refuses a subscription with bad fields, naming each, and never shows the secret', async () => {
    const refused = await admin('POST', '/v1/webhooks', { url: 'ftp://x', eventTypes: ['NoSuchEvent'], secret: 'short' });
    expect(refused.status).toBe(400);
    expect((refused.body.errors as { path: string }[]).map((error) => error.path).sort()).toEqual(['body.eventTypes[0]', 'body.secret', 'body.url']);
    const subscriptionId = await subscribe('shown', ['CustomerRegistered']);
    const shown = await admin('GET', `/v1/webhooks/${subscriptionId}`);
    expect(shown.body).toMatchObject({ subscriptionId, status: 'active', url: receiver.url('shown'), eventTypes: ['CustomerRegistered'] });
    expect(JSON.stringify(shown.body)).not.toContain(secret);
    expect(JSON.stringify((await admin('GET', '/v1/webhooks')).body)).not.toContain(secret);
  });

  it('a receiver down for a while gets every delivery afterwards, each customer’s in order, signed, each event once by delivery id', async () => {
    const subscriptionId = await subscribe('orders', ['CustomerRegistered', 'PurchaseRecorded']);
    const customers = [`C-${randomUUID().slice(0, 8)}`, `C-${randomUUID().slice(0, 8)}`];
    const orders = (customerId: string) => [1, 2, 3, 4, 5].map((n) => `${customerId}-O${n}`);
    await publish(...customers.map(registration));
    await publish(...customers.flatMap((customerId) => orders(customerId).map((orderId, index) => purchase(customerId, orderId, index + 1))));

    // Down: nothing listens. The first delivery of each customer is retried; the rest wait behind it.
    const whileDown = await eventually(async () => {
      const deliveries = await log(subscriptionId);
      return deliveries.length === 12 && deliveries.filter((delivery) => delivery.attemptLog.length >= 3).length === 2 ? deliveries : undefined;
    }, 'twelve deliveries queued, three failed attempts per customer', output);
    expect(whileDown.every((delivery) => delivery.state === 'pending')).toBe(true);
    expect(whileDown.filter((delivery) => delivery.attemptLog.length > 0)).toHaveLength(2);

    await receiver.start();
    const received = await eventually(async () => {
      const requests = await receivedAt('orders');
      return new Set(requests.map((request) => request.headers[deliveryIdHeader])).size >= 12 ? requests : undefined;
    }, 'all twelve deliveries', output, 60_000);

    for (const request of received) {
      expect(verifySignature(secret, request.headers[signatureHeader]!, request.body, stack.clock())).toBe(true);
      expect(bodyOf(request).deliveryId).toBe(request.headers[deliveryIdHeader]);
    }
    for (const customerId of customers) {
      const sequence = received.map(bodyOf).filter((body) => body.event.data.customerId === customerId).map((body) => body.event.data.orderId ?? body.event.type);
      expect(sequence.filter((entry, index) => sequence.indexOf(entry) === index)).toEqual(['CustomerRegistered', ...orders(customerId)]);
    }
    const events = received.map(bodyOf).map((body) => body.event.id);
    expect(new Set(events).size).toBe(12);
    await eventually(async () => ((await log(subscriptionId)).every((delivery) => delivery.state === 'delivered') ? true : undefined), 'the log showing every delivery delivered', output);
  });

  it('a receiver that keeps failing: the delivery is parked, the subscription paused with the reason; resumed, it arrives', async () => {
    await receiver.start();
    await receiver.failing('refunds', true);
    const subscriptionId = await subscribe('refunds', ['PurchaseRefunded']);
    const customerId = `C-${randomUUID().slice(0, 8)}`;
    await publish(registration(customerId), purchase(customerId, `${customerId}-O1`, 1));
    await publish(refund(customerId, `${customerId}-O1`));

    const paused = await eventually(async () => {
      const shown = await admin('GET', `/v1/webhooks/${subscriptionId}`);
      return shown.body.status === 'paused' ? shown.body : undefined;
    }, 'the subscription paused', output, 60_000);
    const [parked] = await log(subscriptionId);
    expect(parked).toMatchObject({ state: 'parked' });
    expect(parked!.attemptLog).toHaveLength(8);
    expect(parked!.attemptLog.every((attempt) => attempt.status === 500)).toBe(true);
    expect(paused.reason).toBe(`delivery ${parked!.deliveryId} failed 8 attempts (last: HTTP 500)`);

    await receiver.failing('refunds', false);
    expect((await admin('POST', `/v1/webhooks/${subscriptionId}/resume`)).status).toBe(200);
    const [arrived] = await eventually(async () => {
      const requests = await receivedAt('refunds');
      return requests.length > 0 ? requests : undefined;
    }, 'the re-driven refund', output);
    expect(bodyOf(arrived!)).toMatchObject({ deliveryId: parked!.deliveryId, event: { type: 'PurchaseRefunded', data: { customerId } } });
    expect(verifySignature(secret, arrived!.headers[signatureHeader]!, arrived!.body, stack.clock())).toBe(true);
  });
});
