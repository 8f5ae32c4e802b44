import type { GlobalPosition, RecordedEvent } from '@ctp/contracts';
import { describe, expect, it } from 'vitest';
import type { Subscription } from '../port.js';
import type { ContractSubject } from './contract-subject.js';
import { eventually, freshStream, isStrictlyIncreasing, sleep, testEvents } from './fixtures.js';

interface Follower {
  readonly events: RecordedEvent[];
  readonly subscription: Subscription;
  overlapping: boolean;
}

function follow(subject: ContractSubject, after: GlobalPosition | null, streamId: string, maxBatchSize?: number): Follower {
  let inFlight = 0;
  const follower: Follower = {
    events: [],
    overlapping: false,
    subscription: subject.store.subscribeToAll({
      after,
      ...(maxBatchSize ? { maxBatchSize } : {}),
      onEvents: async (batch) => {
        inFlight += 1;
        follower.overlapping ||= inFlight > 1;
        await sleep(1);
        follower.events.push(...batch.filter((event) => event.streamId === streamId));
        inFlight -= 1;
      },
    }),
  };
  return follower;
}

export function subscriptionContract(subject: () => ContractSubject): void {
  describe('subscribing to all streams', () => {
    it('catches up on stored events, then delivers new ones live, one batch at a time', async () => {
      const { store } = subject();
      const start = await store.headPosition();
      const streamId = freshStream();
      const stored = await store.append(streamId, testEvents(streamId, 5), { expectedRevision: 'no_stream' });
      const follower = follow(subject(), start, streamId, 2);
      await eventually('catch-up', () => follower.events.length === 5);
      const live = await store.append(streamId, testEvents(streamId, 3), { expectedRevision: 4 });
      await eventually('live events', () => follower.events.length === 8);
      await follower.subscription.stop();
      const expected = [...stored.events, ...live.events].map((event) => event.id);
      expect(follower.events.map((event) => event.id)).toEqual(expected);
      expect(isStrictlyIncreasing(follower.events.map((event) => event.globalPosition))).toBe(true);
      expect(follower.overlapping).toBe(false);
      await expect(follower.subscription.finished).resolves.toBeUndefined();
    });

    it('stops, then resumes after the last position it handled without losing or repeating events', async () => {
      const { store } = subject();
      const start = await store.headPosition();
      const streamId = freshStream();
      const first = await store.append(streamId, testEvents(streamId, 4), { expectedRevision: 'no_stream' });
      const before = follow(subject(), start, streamId);
      await eventually('first events', () => before.events.length === 4);
      await before.subscription.stop();
      const checkpoint = before.events[3]!.globalPosition;
      const second = await store.append(streamId, testEvents(streamId, 3), { expectedRevision: 3 });
      const after = follow(subject(), checkpoint, streamId);
      await eventually('events after the checkpoint', () => after.events.length === 3);
      await sleep(50);
      await after.subscription.stop();
      expect(before.events.map((event) => event.id)).toEqual(first.events.map((event) => event.id));
      expect(after.events.map((event) => event.id)).toEqual(second.events.map((event) => event.id));
    });

    it('fails the subscription when a handler throws, and reports the error', async () => {
      const { store } = subject();
      const streamId = freshStream();
      const start = await store.headPosition();
      await store.append(streamId, testEvents(streamId, 1), { expectedRevision: 'no_stream' });
      const reported: unknown[] = [];
      const subscription = store.subscribeToAll({
        after: start,
        onEvents: async (batch) => {
          if (batch.some((event) => event.streamId === streamId)) throw new Error('projection broke');
        },
        onError: (error) => reported.push(error),
      });
      await expect(subscription.finished).rejects.toThrow('projection broke');
      expect(reported).toEqual([expect.objectContaining({ message: 'projection broke' })]);
      await subscription.stop();
    });
  });
}
