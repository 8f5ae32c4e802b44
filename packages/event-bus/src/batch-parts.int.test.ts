import type { EachBatchPayload } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { consumeInParts, consumerConfigOf, defaultBatchPacing } from './batch-parts.js';
import { ConsumerHealth } from './consumer-health.js';
import { reactorTopic, until } from './test-support/reactor-topic.js';
import { sampleEvent } from './test-support/sample-event.js';

describe('a batch whose last commit fails on a dropped Kafka connection', () => {
  const { kafka, naming, topic, produce, admin } = reactorTopic('commit-lost');

  // The drill's stall (docs/drills.md): `ss -K` on Kafka's port made a commit fail after its part was written, the
  // partition received nothing more, and the consumer kept lag without committing for good.
  it('is handled again and committed, so the partition does not stay behind', async () => {
    await produce(Array.from({ length: 6 }, (_, index) => sampleEvent({ id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`, revision: index, globalPosition: String(100 + index) })));
    const groupId = `${naming.prefix}.batch-parts`;
    const consumer = kafka.consumer(consumerConfigOf(groupId, {}));
    const health = new ConsumerHealth(60_000);
    health.watch(consumer);
    const handled: string[] = [];
    let commits = 0;
    const commitFailingOnce = (payload: EachBatchPayload): EachBatchPayload => ({
      ...payload,
      commitOffsetsIfNecessary: async (offsets) => {
        commits += 1;
        if (commits === 2) throw new Error('write ECONNABORTED');
        return payload.commitOffsetsIfNecessary(offsets);
      },
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: (payload) => consumeInParts(commitFailingOnce(payload), { ...defaultBatchPacing, maxMessagesPerPart: 3 }, async (messages) => void handled.push(...messages.map((message) => message.offset)), health),
    });
    try {
      const committed = async () => (await admin().fetchOffsets({ groupId, topics: [topic] }))[0]?.partitions[0]?.offset;
      await until(async () => (await committed()) === '6', 'the offset after the last message committed', 20_000);
      expect(handled).toEqual(['0', '1', '2', '3', '4', '5', '3', '4', '5']);
      expect(health.report('running', null)).toMatchObject({ ready: true, lag: 0 });
    } finally {
      await consumer.disconnect();
      await admin().deleteGroups([groupId]).catch(() => undefined);
    }
  }, 60_000);
});
