import { randomUUID } from 'node:crypto';
import { createEventStore, type EventStore } from '@ctp/event-store';
import { ReadSideLag } from '@ctp/event-bus';
import { eventually, kafkaBrokers, postgresUrl, startServiceStack, type ServiceStack } from '@ctp/test-kit';
import { Kafka, logLevel, type Admin, type Consumer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const registration = (customerId: string) => ({
  id: randomUUID(),
  type: 'CustomerRegistered',
  customerId,
  occurredAt: '2026-01-05T09:00:00+08:00',
  data: {
    kind: 'person',
    name: 'Li Wei',
    email: `${customerId.toLowerCase()}@example.com`,
    customerSince: '2024-05-01',
    source: { system: 'crm', externalId: `CRM-${customerId}` },
    serviceConsent: { method: 'web_form', reference: 'form-1', noticeVersion: '2026-01' },
  },
});

// Back-pressure from the read side (docs/architecture.md, "Writes wait for the read side"): a read model of any
// service that makes progress but stands behind the head holds intake's batches; once it catches up they go through.
describe('intake holds fact batches while a read model stands behind the head', () => {
  let stack: ServiceStack;
  let store: EventStore;
  let admin: Admin;
  let consumer: Consumer;
  const kafka = new Kafka({ clientId: 'writes-wait-test', brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });

  beforeAll(async () => {
    stack = await startServiceStack(['intake'], { READ_SIDE_MAX_LAG_MS: '1000', READ_SIDE_MAX_WAIT_MS: '1500', READ_SIDE_STALL_MS: '120000' }, 'writes_wait');
    store = await createEventStore(postgresUrl(), { schema: stack.schema });
    admin = kafka.admin();
    await admin.connect();
  }, 240_000);

  afterAll(async () => {
    await consumer?.disconnect();
    await admin?.disconnect();
    await store?.close();
    await stack?.stop();
  });

  it('answers 429 naming the read model while it lags, writes nothing, and takes the batch once it caught up', async () => {
    const topic = `${stack.schema}.events.lagging`;
    const groupId = `${stack.schema}.projection.lagging`;
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: Array.from({ length: 5 }, (_, index) => ({ value: `event ${index}` })) });
    await producer.disconnect();
    // A live member that reads but commits nothing: its read model stands five events behind, and falls further behind in time.
    consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({ autoCommit: false, eachMessage: async () => undefined });
    const lag = new ReadSideLag({ admin, prefix: stack.schema, stallMs: 120_000, now: () => performance.now() });
    const behindMs = async () => (await lag.sample()).find((reading) => reading.groupId === groupId)?.behindMs ?? 0;
    await eventually(async () => ((await behindMs()) > 4_000 ? true : undefined), 'the lagging read model 4 s behind', () => stack.service('intake').output(), 60_000);

    const customerId = `C-${randomUUID().slice(0, 8)}`;
    const batch = [registration(customerId)];
    const refused = await stack.call('intake', 'POST', '/v1/events', 'integrator', { events: batch });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(await refused.json()).toMatchObject({ code: 'CTP_RATE_LIMITED', readModel: groupId });
    expect(await store.readStream(`customer-${customerId}`)).toHaveLength(0);

    await consumer.commitOffsets([{ topic, partition: 0, offset: '5' }]);
    const taken = async () => ((await stack.call('intake', 'POST', '/v1/events', 'integrator', { events: batch })).status === 202 ? true : undefined);
    await eventually(taken, 'the batch taken once the read model caught up', () => stack.service('intake').output(), 60_000);
    expect(await store.readStream(`customer-${customerId}`)).toHaveLength(1);
  }, 180_000);
});
