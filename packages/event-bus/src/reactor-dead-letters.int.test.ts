import type { RecordedEvent } from '@ctp/contracts';
import { uniqueName } from '@ctp/test-kit';
import type { KafkaMessage } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { fromDeadLetterMessage, type Parcel } from './dead-letter.js';
import { fromKafkaMessage } from './kafka-message.js';
import { createReactor, type ReactorOptions } from './reactor.js';
import { reactorTopic, until } from './test-support/reactor-topic.js';
import { sampleEvent } from './test-support/sample-event.js';

const eventOf = (index: number, streamId: string): RecordedEvent =>
  sampleEvent({ id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`, streamId, revision: index, globalPosition: String(100 + index) });

describe('a reactor whose handler fails on one event', () => {
  const reactorName = 'poisoned';
  const { kafka, naming, topic, deadLetterTopic, produce, admin } = reactorTopic(reactorName);

  async function deadLetters(): Promise<KafkaMessage[]> {
    const offsets = await admin().fetchTopicOffsets(deadLetterTopic);
    const total = offsets.reduce((sum, { high, low }) => sum + Number(high) - Number(low), 0);
    const messages: KafkaMessage[] = [];
    if (total === 0) return messages;
    const groupId = uniqueName('reactordlq-reader');
    const consumer = kafka.consumer({ groupId });
    await consumer.connect();
    await consumer.subscribe({ topic: deadLetterTopic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void messages.push(message) });
    try {
      await until(() => messages.length >= total, 'the dead letters to be read');
    } finally {
      await consumer.disconnect();
      await admin().deleteGroups([groupId]).catch(() => undefined);
    }
    return messages;
  }

  it('parks the event and its stream (also after a restart), goes on with the partition, keeps retrying a retriable error, and a redrive handles the parked events once fixed', async () => {
    const poison = eventOf(1, 'customer-C-1');
    const events = [eventOf(0, 'customer-C-1'), poison, eventOf(2, 'customer-C-2'), eventOf(3, 'customer-C-1'), eventOf(4, 'customer-C-3')];
    await produce(events);

    let poisoned = true;
    let serverDown = 2;
    const handled: string[] = [];
    const parked: Parcel[] = [];
    const errors: unknown[] = [];
    const options: ReactorOptions = {
      name: reactorName,
      kafka,
      naming,
      categories: ['customer'],
      partitions: 1,
      retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
      onParked: (parcels) => parked.push(...parcels),
      onError: (error) => errors.push(error),
      handle: async (batch) => {
        for (const event of batch) {
          if (event.id === poison.id && poisoned) throw new Error('cannot react to this event');
          if (event.streamId === 'customer-C-3' && serverDown > 0) {
            serverDown -= 1;
            throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5433'), { code: 'ECONNREFUSED' });
          }
        }
        handled.push(...batch.map((event) => event.id));
      },
    };
    let reactor = createReactor(options);
    const committed = async () => (await admin().fetchOffsets({ groupId: reactor.groupId, topics: [topic] }))[0]?.partitions[0]?.offset;
    await reactor.start();
    try {
      await until(async () => (await committed()) === '5', 'the whole partition committed');
      expect(new Set(handled)).toEqual(new Set([events[0]!.id, events[2]!.id, events[4]!.id]));
      expect(handled).not.toContain(poison.id);
      expect(errors.length).toBeGreaterThanOrEqual(2);
      expect(parked.map((parcel) => [parcel.event?.id, parcel.reason, parcel.attempts, parcel.blockedBy])).toEqual([
        [poison.id, 'handler_failed', 3, null],
        [events[3]!.id, 'stream_blocked', 0, poison.id],
      ]);

      const letters = (await deadLetters()).map(fromDeadLetterMessage);
      expect(letters.map(({ letter }) => [letter.consumer, letter.reason, letter.error.message, letter.original])).toEqual([
        [`reactor.${reactorName}`, 'handler_failed', 'cannot react to this event', { topic, partition: 0, offset: '1' }],
        [`reactor.${reactorName}`, 'stream_blocked', `stream customer-C-1 is blocked by parked event ${poison.id}`, { topic, partition: 0, offset: '3' }],
      ]);
      expect(letters.map(({ original }) => fromKafkaMessage(original))).toEqual([poison, events[3]]);

      const later = eventOf(5, 'customer-C-1');
      await produce([later]);
      await until(async () => (await committed()) === '6', 'the later event of the blocked stream');
      expect(parked.at(-1)).toMatchObject({ event: later, reason: 'stream_blocked', blockedBy: poison.id });

      // a new process knows nothing of the blocked stream but what the dead-letter topic holds
      await reactor.stop();
      reactor = createReactor(options);
      await reactor.start();
      const afterRestart = eventOf(6, 'customer-C-1');
      await produce([afterRestart]);
      await until(async () => (await committed()) === '7', 'the event of the blocked stream after the restart');
      expect(parked.at(-1)).toMatchObject({ event: afterRestart, reason: 'stream_blocked', blockedBy: poison.id });
      expect(handled).not.toContain(afterRestart.id);

      handled.length = 0;
      poisoned = false;
      const result = await reactor.redrive({ timeoutMs: 30_000 });
      expect(result).toEqual({ redriven: 4, handled: 4, reparked: 0, unblocked: ['customer-C-1'], stillBlocked: [] });
      expect(handled).toEqual([poison.id, events[3]!.id, later.id, afterRestart.id]);
      expect(await reactor.redrive({ timeoutMs: 30_000 })).toEqual({ redriven: 0, handled: 0, reparked: 0, unblocked: [], stillBlocked: [] });

      const afterRedrive = eventOf(7, 'customer-C-1');
      await produce([afterRedrive]);
      await until(() => handled.includes(afterRedrive.id), 'an event of the unblocked stream handled');
      expect(parked).toHaveLength(4);
    } finally {
      await reactor.stop();
    }
  }, 90_000);
});
