import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, freePort, stackGroups, startServiceStack, type GroupMember, type ServiceProcess, type ServiceStack } from '@ctp/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveryIdHeader, signatureHeader, verifySignature } from './domain/webhooks/signature.js';
import { ReceiverProcess, type ReceivedRequest } from './test-support/receiver-process.js';

const secret = 'whsec-scale-out-0123456789';
const evidence = { method: 'app', reference: 'opt-in', noticeVersion: '1' };
const fact = (customerId: string, type: string, data: Record<string, unknown>, occurredAt: string) => ({ id: randomUUID(), type, customerId, occurredAt, data });
const registration = (customerId: string) =>
  fact(customerId, 'CustomerRegistered', { kind: 'person', name: 'Li Lei', customerSince: '2025-01-01', source: { system: 'erp', externalId: `E-${customerId}` }, serviceConsent: evidence }, '2025-01-01T02:00:00Z');
const purchase = (customerId: string, orderId: string, day: number) =>
  fact(customerId, 'PurchaseRecorded', { orderId, amount: '80.00', margin: '20.00', currency: 'CNY', channel: 'store' }, `2025-03-${String(day).padStart(2, '0')}T04:00:00Z`);
const customers = 8;
const ordersEach = 3;

interface Delivered {
  readonly deliveryId: string;
  readonly event: { readonly id: string; readonly type: string; readonly data: { readonly customerId: string; readonly orderId?: string } };
}
const bodyOf = (request: ReceivedRequest) => JSON.parse(request.body) as Delivered;

describe('two outbound instances share the webhook reactor and its deliveries without a double effect', () => {
  let stack: ServiceStack;
  let second: ServiceProcess;
  let receiver: ReceiverProcess;
  let groups: Awaited<ReturnType<typeof stackGroups>>;
  const output = () => `${stack.service('outbound').output().slice(-3000)}\n--- outbound b\n${second.output().slice(-3000)}`;

  beforeAll(async () => {
    receiver = new ReceiverProcess(await freePort(), await mkdtemp(join(tmpdir(), 'ctp-outbound-scale-out-')));
    await receiver.start();
    stack = await startServiceStack(['relay', 'intake', 'outbound'], {}, 'outbound_scale_out_e2e');
    second = await stack.startInstance('outbound', 'b');
    groups = await stackGroups(stack.schema);
  }, 300_000);
  afterAll(async () => {
    await groups?.close();
    await stack?.stop();
    await receiver?.stop();
  });

  it('both instances hold partitions of the webhook reactor; every event reaches the receiver once by delivery id, signed, each customer’s in order', async () => {
    const members = await eventually(async () => {
      const found = (await groups.assignments()).get(`${stack.schema}.reactor.outbound-webhooks`);
      return found?.length === 2 && found.every((member) => member.partitions.length > 0) ? found : undefined;
    }, 'both outbound instances holding partitions of the webhook reactor', output, 90_000);
    // Subscribed through the second instance: the first's reactor takes the subscription from the store.
    const subscribed = await stack.call(second, 'POST', '/v1/webhooks', 'admin', { url: receiver.url('orders'), eventTypes: ['CustomerRegistered', 'PurchaseRecorded'], secret });
    expect(subscribed.status, await subscribed.clone().text()).toBe(200);
    const subscriptionId = ((await subscribed.json()) as { subscriptionId: string }).subscriptionId;

    const ids = Array.from({ length: customers }, () => `C-${randomUUID().slice(0, 8)}`);
    const orders = (customerId: string) => Array.from({ length: ordersEach }, (_, index) => `${customerId}-O${index + 1}`);
    const publish = async (facts: unknown[]) => expect((await stack.call('intake', 'POST', '/v1/events', 'integrator', { events: facts })).status).toBe(202);
    await publish(ids.map(registration));
    await publish(ids.flatMap((customerId) => orders(customerId).map((orderId, index) => purchase(customerId, orderId, index + 1))));

    const expected = customers * (1 + ordersEach);
    const received = await eventually(async () => {
      const requests = (await receiver.received()).filter((request) => request.path === '/orders');
      return new Set(requests.map(bodyOf).map((body) => body.event.id)).size >= expected ? requests : undefined;
    }, `${expected} events at the receiver`, output, 120_000);
    const delivered = await eventually(async () => {
      const answer = await stack.call('outbound', 'GET', `/v1/webhooks/${subscriptionId}/deliveries?limit=500`, 'admin');
      const deliveries = ((await answer.json()) as { deliveries: { deliveryId: string; state: string }[] }).deliveries;
      return deliveries.length === expected && deliveries.every(({ state }) => state === 'delivered') ? deliveries : undefined;
    }, 'every delivery delivered in the log', output);

    process.stderr.write(`outbound scale-out: webhook reactor partitions ${members.map((member: GroupMember) => `${member.clientId} ${member.partitions.length}`).join(' / ')}\n`);
    // Nothing failed, so nothing was sent twice: one request per delivery, one delivery per event.
    expect(received, 'one request per event').toHaveLength(expected);
    expect(new Set(received.map((request) => request.headers[deliveryIdHeader])).size).toBe(expected);
    expect(new Set(delivered.map(({ deliveryId }) => deliveryId))).toEqual(new Set(received.map((request) => request.headers[deliveryIdHeader])));
    for (const request of received) expect(verifySignature(secret, request.headers[signatureHeader]!, request.body, stack.clock())).toBe(true);
    for (const customerId of ids) {
      const sequence = received.map(bodyOf).filter((body) => body.event.data.customerId === customerId).map((body) => body.event.data.orderId ?? body.event.type);
      expect(sequence, customerId).toEqual(['CustomerRegistered', ...orders(customerId)]);
    }
  }, 360_000);
});
