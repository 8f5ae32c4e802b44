import { describe, expect, it } from 'vitest';
import { ReadSideLag } from './read-side-lag.js';
import { reactorTopic, until } from './test-support/reactor-topic.js';
import { sampleEvent } from './test-support/sample-event.js';

describe('the read side lag of a real consumer group', () => {
  const { kafka, naming, topic, produce, admin } = reactorTopic('read-side-lag');

  it('reads a live projection group behind the head, then caught up, stalled while its offsets stay still, and gone once it has no member', async () => {
    const events = Array.from({ length: 10 }, (_, index) => sampleEvent({ id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`, revision: index, globalPosition: String(100 + index) }));
    await produce(events);
    const groupId = `${naming.prefix!}.projection.lagging`;
    const lag = new ReadSideLag({ admin: admin(), prefix: naming.prefix!, stallMs: 1_500, now: () => performance.now() });
    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
    let allowed = 4;
    let released: () => void = () => undefined;
    const release = new Promise<void>((resolve) => (released = resolve));
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ message, partition }) => {
        if (Number(message.offset) >= allowed) await release;
        await consumer.commitOffsets([{ topic, partition, offset: String(Number(message.offset) + 1) }]);
      },
    });
    try {
      const reading = async () => (await lag.sample()).find((group) => group.groupId === groupId);
      await until(async () => (await reading())?.behindEvents === 6, 'the group 6 events behind');
      await until(async () => (await reading())?.stalled === true, 'the group stalled');
      allowed = Infinity;
      released();
      await until(async () => (await reading())?.behindEvents === 0, 'the group caught up');
      expect(await reading()).toMatchObject({ behindMs: 0, stalled: false });
      await consumer.disconnect();
      await until(async () => (await reading()) === undefined, 'the group without members left out');
    } finally {
      released();
      await consumer.disconnect();
      await admin().deleteGroups([groupId]).catch(() => undefined);
    }
  }, 60_000);
});
