import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fromKafkaMessage } from '@ctp/event-bus';
import { createEventStore } from '@ctp/event-store';
import { freePort, isolatedEnvironment, kafkaBrokers, postgresUrl, startService, uniqueName, waitUntilReady, type ServiceProcess } from '@ctp/test-kit';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const traceId = randomUUID().replaceAll('-', '');
const customerId = `C-${randomUUID().slice(0, 8)}`;
const registration = {
  id: randomUUID(),
  type: 'CustomerRegistered',
  customerId,
  occurredAt: '2026-03-01T09:30:00+08:00',
  data: {
    kind: 'person',
    name: 'Li Wei',
    email: 'li.wei@example.com',
    customerSince: '2026-03-01',
    source: { system: 'crm', externalId: 'CRM-1' },
    serviceConsent: { method: 'web_form', reference: 'form-1', noticeVersion: '2026-01' },
  },
};
const purchase = {
  id: randomUUID(),
  type: 'PurchaseRecorded',
  customerId,
  occurredAt: '2026-03-01T10:00:00+08:00',
  data: { orderId: 'SO-1', amount: '1299.50', currency: 'CNY', channel: 'online' },
};

describe('walking skeleton: command, append, relay, projection, query', () => {
  const schema = uniqueName('skeleton');
  const environment: Record<string, string> = {};
  let relay: ServiceProcess;
  let intake: ServiceProcess;
  let keys: Record<string, string>;

  beforeAll(async () => {
    const isolated = await isolatedEnvironment(schema);
    Object.assign(environment, isolated.environment, { LOG_LEVEL: 'debug', READ_WAIT_TIMEOUT_MS: '30000' });
    relay = startService('relay', await freePort(), environment);
    await waitUntilReady(relay);
    intake = startService('intake', await freePort(), environment);
    await waitUntilReady(intake);
    keys = JSON.parse(await readFile(join(isolated.keysDir, 'dev-keys.json'), 'utf8')) as Record<string, string>;
  });

  afterAll(async () => {
    await Promise.all([relay?.stop(), intake?.stop()]);
  });

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${intake.baseUrl}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${keys.integrator}`, ...headers },
      body: JSON.stringify(body),
    });

  it('carries one trace id from the HTTP request to the read model', async () => {
    const accepted = await post({ events: [registration, purchase] }, { traceparent: `00-${traceId}-00f067aa0ba902b7-01` });
    expect(accepted.status, intake.output()).toBe(202);
    expect(accepted.headers.get('traceparent')).toContain(traceId);
    const { events, position } = (await accepted.json()) as { events: { status: string; streamId: string }[]; position: string };
    expect(events.map((event) => event.status)).toEqual(['accepted', 'accepted']);

    const read = await fetch(`${intake.baseUrl}/v1/customers/${customerId}?purpose=service&minPosition=${position}`, { headers: { authorization: `Bearer ${keys.agent}` } });
    expect(read.status, intake.output()).toBe(200);
    const summary = (await read.json()) as { customerId: string; purchases: number; spendMinor: Record<string, number>; lastEvent: { traceparent: string } };
    expect(summary).toMatchObject({ customerId, purchases: 1, spendMinor: { CNY: 129950 } });
    expect(summary.lastEvent.traceparent).toContain(traceId);

    const store = await createEventStore(postgresUrl(), { schema });
    const stored = await store.readStream(`customer-${customerId}`);
    await store.close();
    expect(stored.map((event) => event.traceparent?.slice(3, 35))).toEqual([traceId, traceId]);
    expect(JSON.stringify(stored[0]?.data)).not.toContain('li.wei@example.com');

    const kafka = new Kafka({ clientId: 'skeleton-check', brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: uniqueName('skeleton') });
    await consumer.connect();
    await consumer.subscribe({ topic: `${schema}.events.customer`, fromBeginning: true });
    const onKafka = await new Promise<string[]>((done) => {
      const seen: string[] = [];
      void consumer.run({
        eachMessage: async ({ message }) => {
          seen.push(fromKafkaMessage(message).traceparent ?? '');
          if (seen.length === 2) done(seen);
        },
      });
    });
    await consumer.disconnect();
    expect(onKafka.every((traceparent) => traceparent.includes(traceId))).toBe(true);

    const logLines = intake.output().split('\n').filter((line) => line.includes(traceId));
    expect(logLines.length).toBeGreaterThan(0);
    const relayLines = relay.output().split('\n').filter((line) => line.includes(traceId) && line.includes('"published"'));
    expect(relayLines, relay.output()).toHaveLength(2);
  });

  it('shows each read model caught up with the head, to analysts only', async () => {
    type Progress = { name: string; healthy: boolean; position: string | null; head: string | null; lagEvents: number };
    const readModels = async () => {
      const response = await fetch(`${intake.baseUrl}/v1/read-models`, { headers: { authorization: `Bearer ${keys.analyst}` } });
      expect(response.status).toBe(200);
      return ((await response.json()) as { readModels: Progress[] }).readModels;
    };
    // The first test read its write through this read model; its offsets commit just after the write.
    let progress = await readModels();
    for (let polls = 1; progress[0]?.lagEvents !== 0 && polls < 100; polls += 1) progress = await readModels();
    expect(progress).toHaveLength(1);
    const [customers] = progress;
    expect(customers).toMatchObject({ name: 'intake-customer-summary', healthy: true, lagEvents: 0 });
    expect(BigInt(customers!.position ?? '0')).toBeGreaterThan(0n);
    expect(BigInt(customers!.head ?? '0')).toBeGreaterThanOrEqual(BigInt(customers!.position ?? '0'));
    expect((await fetch(`${intake.baseUrl}/v1/read-models`, { headers: { authorization: `Bearer ${keys.agent}` } })).status).toBe(403);
  });

  it('reports a re-sent batch as duplicates and writes nothing', async () => {
    const again = await post({ events: [registration, purchase] });
    expect(again.status).toBe(202);
    const { events } = (await again.json()) as { events: { status: string }[] };
    expect(events.map((event) => event.status)).toEqual(['duplicate', 'duplicate']);
  });

  it('rejects a batch with a bad fact whole, naming each problem, and writes nothing', async () => {
    const fresh = { ...purchase, id: randomUUID(), data: { ...purchase.data, orderId: 'SO-2' } };
    const bad = { ...purchase, id: randomUUID(), data: { ...purchase.data, amount: 12.5 } };
    const response = await post({ events: [fresh, bad] });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({ code: 'CTP_VALIDATION_FAILED', errors: [{ index: 1, path: 'body.events[1].data.amount' }] });
    const store = await createEventStore(postgresUrl(), { schema });
    expect(await store.readStream(`customer-${customerId}`)).toHaveLength(2);
    await store.close();
  });

  it('lists envelope and data problems of a batch in one 400', async () => {
    const badTime = { ...purchase, id: randomUUID(), occurredAt: 'yesterday', data: { ...purchase.data, orderId: 'SO-3', amount: 12.5 } };
    const response = await post({ events: [badTime] });
    expect(response.status).toBe(400);
    const { errors } = (await response.json()) as { errors: { path: string }[] };
    expect(errors.map((error) => error.path)).toEqual(['body.events[0].occurredAt', 'body.events[0].data.amount']);
  });

  it('answers 409 when an event id comes back with other content', async () => {
    const response = await post({ events: [{ ...purchase, data: { ...purchase.data, amount: '1.00' } }] });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ code: 'CTP_CONFLICT', errors: [{ index: 0, path: 'body.events[0].id' }] });
  });

  it('refuses the wrong role and a missing key', async () => {
    expect((await post({ events: [purchase] }, { authorization: `Bearer ${keys.analyst}` })).status).toBe(403);
    expect((await fetch(`${intake.baseUrl}/v1/events`, { method: 'POST' })).status).toBe(401);
  });
});
