import type { RecordedEvent } from '@ctp/contracts';
import { describe, expect, it } from 'vitest';
import { createReactor } from './reactor.js';
import { reactorTopic, until } from './test-support/reactor-topic.js';
import { sampleEvent } from './test-support/sample-event.js';

describe('a reactor whose handler is slower than the session timeout', () => {
  const { kafka, naming, topic, produce, admin } = reactorTopic('slow');

  it('keeps its membership, commits each part, and reaches the end of the topic', async () => {
    const sessionTimeoutMs = 6_000;
    const events: RecordedEvent[] = Array.from({ length: 60 }, (_, index) => sampleEvent({ id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`, revision: index, globalPosition: String(100 + index) }));
    await produce(events);

    const handled: string[] = [];
    let slowUntil: Promise<void> | null = null;
    let release: () => void = () => undefined;
    const reactor = createReactor({
      name: 'slow',
      kafka,
      naming,
      categories: ['customer'],
      partitions: 1,
      sessionTimeoutMs,
      heartbeatIntervalMs: 500,
      pacing: { maxMessagesPerPart: 20 },
      handle: async (batch) => {
        if (handled.length === 20) await (slowUntil ??= new Promise<void>((resolve) => (release = resolve)));
        handled.push(...batch.map((event) => event.id));
      },
    });
    const members = async () => (await admin().describeGroups([reactor.groupId])).groups[0]?.members.map((member) => member.memberId) ?? [];
    await reactor.start();
    const joined = await members();
    expect(joined).toHaveLength(1);
    await until(() => slowUntil !== null, 'the second part to be in hand');
    const committed = async () => (await admin().fetchOffsets({ groupId: reactor.groupId, topics: [topic] }))[0]?.partitions[0]?.offset;
    expect(await committed()).toBe('20');
    // The slow handler itself, not a synchronisation: the part stays in hand for twice the session timeout.
    await new Promise((resolve) => setTimeout(resolve, 2 * sessionTimeoutMs));
    expect(await members()).toEqual(joined);
    release();
    await until(async () => (await committed()) === '60', 'every part committed');
    expect(await members()).toEqual(joined);
    expect(handled).toEqual(events.map((event) => event.id));
    expect(reactor.status()).toMatchObject({ state: 'running', ready: true, partitions: 1, lag: 0 });
    await reactor.stop();
  }, 90_000);
});
