import { kafkaBrokers, uniqueName } from '@ctp/test-kit';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTopics } from './ensure-topics.js';
import { fromKafkaMessage, toKafkaMessage } from './kafka-message.js';
import { sampleEvent } from './test-support/sample-event.js';
import { topicNaming } from './topics.js';

describe('event topics on a real broker', () => {
  const kafka = new Kafka({ clientId: 'event-bus-test', brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
  const naming = topicNaming(uniqueName('bus'));
  let admin: Admin;

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
  });
  afterAll(async () => {
    await admin.deleteTopics({ topics: [naming.events('customer'), naming.events('tier')] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('creates topics once, with the partitions asked for', async () => {
    expect(await ensureTopics(admin, ['customer', 'tier'], { naming, partitions: 4 })).toEqual([naming.events('customer'), naming.events('tier')]);
    expect(await ensureTopics(admin, ['customer', 'tier'], { naming })).toEqual([]);
    const metadata = await admin.fetchTopicMetadata({ topics: [naming.events('customer')] });
    expect(metadata.topics[0]?.partitions).toHaveLength(4);
  });

  it('delivers an event with its envelope intact, keyed by stream', async () => {
    const topic = naming.events('customer');
    await ensureTopics(admin, ['customer'], { naming });
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const event = sampleEvent({ causationId: null });
    const [sent] = await producer.send({ topic, acks: -1, messages: [toKafkaMessage(event)] });
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId: uniqueName('bus-group') });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received = await new Promise<{ partition: number; event: unknown }>((resolve) => {
      void consumer.run({ eachMessage: async ({ partition, message }) => resolve({ partition, event: fromKafkaMessage(message) }) });
    });
    await consumer.disconnect();
    expect(received).toEqual({ partition: sent?.partition, event });
  });
});
