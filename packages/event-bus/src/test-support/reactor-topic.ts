import type { RecordedEvent } from '@ctp/contracts';
import { kafkaBrokers, uniqueName } from '@ctp/test-kit';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { afterAll, beforeAll } from 'vitest';
import { ensureTopicNames } from '../ensure-topics.js';
import { toKafkaMessage } from '../kafka-message.js';
import { topicNaming } from '../topics.js';

export async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * A one-partition `customer` topic of its own for the reactor `reactorName` of a describe block;
 * the topic, the reactor's dead-letter topic and its groups are deleted after the block.
 */
export function reactorTopic(reactorName: string) {
  const kafka = new Kafka({ clientId: `reactor-${reactorName}-test`, brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
  const naming = topicNaming(uniqueName('reactor'));
  const topic = naming.events('customer');
  const deadLetterTopic = naming.deadLetter(`reactor.${reactorName}`);
  const groupId = `${naming.prefix}.reactor.${reactorName}`;
  let admin: Admin | undefined;

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
    await ensureTopicNames(admin, [topic], { partitions: 1 });
  });
  afterAll(async () => {
    await admin?.deleteGroups([groupId, `${groupId}.redrive`]).catch(() => undefined);
    await admin?.deleteTopics({ topics: [topic, deadLetterTopic] }).catch(() => undefined);
    await admin?.disconnect();
  });

  return {
    kafka,
    naming,
    topic,
    deadLetterTopic,
    admin: () => admin!,
    async produce(events: readonly RecordedEvent[]): Promise<void> {
      const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
      await producer.connect();
      await producer.send({ topic, acks: -1, messages: events.map(toKafkaMessage) });
      await producer.disconnect();
    },
  };
}
