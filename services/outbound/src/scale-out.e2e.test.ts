import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, freePort, postgresUrl, stackGroups, startServiceStack, type GroupMember, type ServiceProcess, type ServiceStack } from '@ctp/test-kit';
import pg from 'pg';
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
/** Short retries (250 ms doubling to 2 s) and enough attempts that none is parked while the receiver is down. */
const settings = { WEBHOOK_BACKOFF_INITIAL_MS: '250', WEBHOOK_BACKOFF_MAX_MS: '2000', WEBHOOK_MAX_ATTEMPTS: '30' };
const customers = 8;
const ordersEach = 3;

interface Delivered {
  readonly deliveryId: string;
  readonly event: { readonly id: string; readonly type: string; readonly data: { readonly customerId: string; readonly orderId?: string } };
}
const bodyOf = (request: ReceivedRequest) => JSON.parse(request.body) as Delivered;

interface Logged {
  readonly deliveryId: string;
  readonly state: string;
  readonly attemptLog: readonly { readonly attempt: number; readonly status: number | null }[];
}

describe('two outbound instances share the webhook reactor, its deliveries and their retry timers without a double effect', () => {
  let stack: ServiceStack;
  let second: ServiceProcess;
  let receiver: ReceiverProcess;
  let groups: Awaited<ReturnType<typeof stackGroups>>;
  const output = () => `${stack.service('outbound').output().slice(-3000)}\n--- outbound b\n${second.output().slice(-3000)}`;

  beforeAll(async () => {
    receiver = new ReceiverProcess(await freePort(), await mkdtemp(join(tmpdir(), 'ctp-outbound-scale-out-')));
    await receiver.start();
    stack = await startServiceStack(['relay', 'intake', 'outbound'], settings, 'outbound_scale_out_e2e');
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

  it('retries every failed attempt through the shared timer table: each attempt one timer, fired once by whichever instance found it due, one request each, one success per delivery', async () => {
    await receiver.failing('flaky', true);
    const subscribed = await stack.call('outbound', 'POST', '/v1/webhooks', 'admin', { url: receiver.url('flaky'), eventTypes: ['PurchaseRecorded'], secret });
    expect(subscribed.status, await subscribed.clone().text()).toBe(200);
    const subscriptionId = ((await subscribed.json()) as { subscriptionId: string }).subscriptionId;
    const ids = Array.from({ length: customers }, () => `C-${randomUUID().slice(0, 8)}`);
    const publish = async (facts: unknown[]) => expect((await stack.call('intake', 'POST', '/v1/events', 'integrator', { events: facts })).status).toBe(202);
    await publish(ids.map(registration));
    await publish(ids.map((customerId) => purchase(customerId, `${customerId}-R1`, 9)));
    const logged = async () => ((await (await stack.call(second, 'GET', `/v1/webhooks/${subscriptionId}/deliveries?limit=500`, 'admin')).json()) as { deliveries: Logged[] }).deliveries;

    await eventually(async () => {
      const deliveries = await logged();
      return deliveries.length === customers && deliveries.every((delivery) => delivery.attemptLog.length >= 3) ? deliveries : undefined;
    }, 'three failed attempts of every delivery while the receiver answers 500', output, 120_000);
    await receiver.failing('flaky', false);
    const delivered = await eventually(async () => {
      const deliveries = await logged();
      return deliveries.every((delivery) => delivery.state === 'delivered') ? deliveries : undefined;
    }, 'every delivery delivered once the receiver is back', output, 120_000);

    const requests = (await receiver.received()).filter((request) => request.path === '/flaky');
    const attempts = delivered.flatMap((delivery) => delivery.attemptLog.map(({ attempt, status }) => ({ deliveryId: delivery.deliveryId, attempt, status })));
    expect(requests, 'one request per attempt logged').toHaveLength(attempts.length);
    for (const delivery of delivered) {
      const numbers = delivery.attemptLog.map(({ attempt }) => attempt);
      expect(numbers, `${delivery.deliveryId}: attempts 1, 2, 3... each once`).toEqual(numbers.map((_, index) => index + 1));
      expect(delivery.attemptLog.filter(({ status }) => status === 200), delivery.deliveryId).toHaveLength(1);
      expect(delivery.attemptLog.at(-1)?.status, delivery.deliveryId).toBe(200);
    }
    const succeeded = requests.filter((request) => request.answered === 200).map((request) => request.headers[deliveryIdHeader]);
    expect(succeeded.toSorted(), 'one success per delivery at the receiver').toEqual(delivered.map(({ deliveryId }) => deliveryId).toSorted());

    const admin = new pg.Client({ connectionString: postgresUrl() });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ id: string; state: string; attempts: number }>(
        `SELECT id, state, attempts FROM "${stack.schema}".outbound_timers WHERE kind = 'webhook-attempt' AND payload->>'deliveryId' = ANY($1)`,
        [delivered.map(({ deliveryId }) => deliveryId)],
      );
      const timerIds = attempts.map(({ deliveryId, attempt }) => `webhook-attempt:${deliveryId}:0:${attempt}`);
      expect(rows.map(({ id }) => id).toSorted(), 'one timer per attempt made').toEqual(timerIds.toSorted());
      for (const row of rows) expect(row, row.id).toEqual({ id: row.id, state: 'fired', attempts: 1 });
    } finally {
      await admin.end();
    }
  }, 360_000);
});
