import type { RecordedEvent } from '@ctp/contracts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { testEvent } from './contract/fixtures.js';
import { pollingSubscription, type FeedSource } from './polling-subscription.js';

function recorded(position: number): RecordedEvent {
  return { ...testEvent('customer-C-1'), revision: position - 1, globalPosition: String(position), recordedAt: '2025-01-01T00:00:00.000Z' };
}

/** An in-memory feed: the loop under test only needs readAll and wake-ups. */
function memoryFeed(failures = 0) {
  const events: RecordedEvent[] = [];
  let generation = 0;
  let failing = failures;
  const wakers = new Set<() => void>();
  const source: FeedSource = {
    async readAll({ after, limit }) {
      if (failing-- > 0) throw new Error('connection reset');
      return events.filter((event) => BigInt(event.globalPosition) > BigInt(after ?? '0')).slice(0, limit);
    },
    generation: () => generation,
    wait: (seen, ms, signal) =>
      new Promise((resolve) => {
        if (seen !== generation || signal.aborted) return resolve();
        const done = () => (wakers.delete(done), resolve());
        wakers.add(done);
        signal.addEventListener('abort', done);
        setTimeout(done, ms);
      }),
  };
  const publish = (...positions: number[]) => {
    events.push(...positions.map(recorded));
    generation += 1;
    for (const wake of [...wakers]) wake();
  };
  return { source, publish };
}

const polling = { pollIntervalMs: 10_000, maxReadFailures: 2 };
const until = async (done: () => boolean) => {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 1));
};

describe('pollingSubscription', () => {
  it('catches up in batches, then wakes for new events without waiting for the poll interval', async () => {
    const feed = memoryFeed();
    feed.publish(1, 2, 3, 4, 5);
    const batches: string[][] = [];
    const subscription = pollingSubscription(feed.source, { after: '1', maxBatchSize: 2, onEvents: async (events) => void batches.push(events.map((event) => event.globalPosition)) }, polling);
    await until(() => batches.length === 2);
    feed.publish(6);
    await until(() => batches.length === 3);
    await subscription.stop();
    expect(batches).toEqual([['2', '3'], ['4', '5'], ['6']]);
    await expect(subscription.finished).resolves.toBeUndefined();
  });

  it('retries failed reads, reporting each, and gives up after maxReadFailures in a row', async () => {
    const recovering = memoryFeed(2);
    recovering.publish(1);
    const errors: unknown[] = [];
    const seen: string[] = [];
    const fast = { pollIntervalMs: 1, maxReadFailures: 2 };
    const recovered = pollingSubscription(recovering.source, { after: null, onEvents: async (events) => void seen.push(...events.map((event) => event.globalPosition)), onError: (error) => errors.push(error) }, fast);
    await until(() => seen.length === 1);
    await recovered.stop();
    expect(errors).toHaveLength(2);

    const broken = memoryFeed(3);
    const failed = pollingSubscription(broken.source, { after: null, onEvents: async () => undefined }, fast);
    await expect(failed.finished).rejects.toThrow('connection reset');
  });

  it('waits for an announcement after a short batch instead of reading the end of the feed again', async () => {
    const feed = memoryFeed();
    feed.publish(1, 2);
    const calls: string[] = [];
    const source: FeedSource = { ...feed.source, readAll: (options) => (calls.push('read'), feed.source.readAll(options)), wait: (...args) => (calls.push('wait'), feed.source.wait(...args)) };
    const subscription = pollingSubscription(source, { after: null, maxBatchSize: 10, onEvents: async () => void calls.push('events') }, polling);
    await until(() => calls.length === 3);
    feed.publish(3);
    await until(() => calls.length === 6);
    await subscription.stop();
    expect(calls).toEqual(['read', 'events', 'wait', 'read', 'events', 'wait']);
  });

  describe('with a linger', () => {
    afterEach(() => void vi.useRealTimers());

    it('lets the events announced while it lingers come in the same batch', async () => {
      vi.useFakeTimers();
      const feed = memoryFeed();
      feed.publish(1);
      const batches: string[][] = [];
      const subscription = pollingSubscription(feed.source, { after: null, lingerMs: 100, onEvents: async (events) => void batches.push(events.map((event) => event.globalPosition)) }, polling);
      await vi.advanceTimersByTimeAsync(0);
      feed.publish(2);
      await vi.advanceTimersByTimeAsync(50);
      expect(batches).toEqual([['1']]);
      feed.publish(3);
      await vi.advanceTimersByTimeAsync(50);
      expect(batches).toEqual([['1'], ['2', '3']]);
      await subscription.stop();
    });
  });
});
