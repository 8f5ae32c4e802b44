import { compareGlobalPositions } from '@ctp/contracts';
import { describe, expect, it } from 'vitest';
import type { ContractSubject } from './contract-subject.js';
import { eventually, freshStream, isStrictlyIncreasing, maxPosition, readFeed, sleep, testEvent, testEvents } from './fixtures.js';

export function readContract(subject: () => ContractSubject): void {
  describe('reading a stream', () => {
    it('returns the whole envelope as appended, with revision, position and recordedAt', async () => {
      const { store } = subject();
      const streamId = freshStream();
      const event = testEvent(streamId, { causationId: 'cause-1', traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' });
      const before = Date.now();
      const result = await store.append(streamId, [event], { expectedRevision: 'no_stream' });
      const [read] = await store.readStream(streamId);
      expect(read).toEqual({ ...event, revision: 0, globalPosition: result.lastPosition, recordedAt: expect.any(String) });
      expect(Date.parse(read!.recordedAt)).toBeGreaterThanOrEqual(before - 1_000);
      expect(await store.readStream(freshStream('missing'))).toEqual([]);
    });

    it('reads from and up to a revision, inclusive', async () => {
      const { store } = subject();
      const streamId = freshStream();
      await store.append(streamId, testEvents(streamId, 12), { expectedRevision: 'no_stream' });
      const revisions = async (options: Parameters<typeof store.readStream>[1]) =>
        (await store.readStream(streamId, options)).map((event) => event.revision);
      expect(await revisions({})).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
      expect(await revisions({ toRevision: 2 })).toEqual([0, 1, 2]);
      expect(await revisions({ fromRevision: 9 })).toEqual([9, 10, 11]);
      expect(await revisions({ fromRevision: 2, toRevision: 3 })).toEqual([2, 3]);
      expect(await revisions({ fromRevision: 4, toRevision: 3 })).toEqual([]);
    });

    it('reads the stream as it was known at an instant (recordedUntil)', async () => {
      const { store } = subject();
      const streamId = freshStream();
      await store.append(streamId, testEvents(streamId, 2), { expectedRevision: 'no_stream' });
      const instant = (await store.readStream(streamId))[1]!.recordedAt;
      await sleep(15);
      await store.append(streamId, testEvents(streamId, 2), { expectedRevision: 1 });
      expect((await store.readStream(streamId, { recordedUntil: instant })).map((event) => event.revision)).toEqual([0, 1]);
      const earlier = new Date(Date.parse(instant) - 60_000).toISOString();
      expect(await store.readStream(streamId, { recordedUntil: earlier })).toEqual([]);
      expect(await store.readStream(streamId, { recordedUntil: new Date(Date.now() + 60_000).toISOString() })).toHaveLength(4);
    });
  });

  describe('reading all streams', () => {
    it('pages through the global feed in position order, after an exclusive position', async () => {
      const { store } = subject();
      const start = await store.headPosition();
      const streams = [freshStream('a'), freshStream('b'), freshStream('c')];
      const appended: string[] = [];
      for (let round = 0; round < 4; round += 1) {
        for (const streamId of streams) {
          const result = await store.append(streamId, testEvents(streamId, 2), { expectedRevision: round === 0 ? 'no_stream' : round * 2 - 1 });
          appended.push(...result.events.map((event) => event.globalPosition));
        }
      }
      const feed = await readFeed(store, start, new Set(streams), { until: maxPosition(appended), pageSize: 5 });
      expect(feed.map((event) => event.globalPosition)).toEqual(appended);
      expect(isStrictlyIncreasing(appended)).toBe(true);
      const afterThird = await store.readAll({ after: appended[2]!, limit: 2 });
      expect(afterThird.every((event) => compareGlobalPositions(event.globalPosition, appended[2]!) > 0)).toBe(true);
      expect(afterThird[0]?.globalPosition).toBe(appended[3]);
      expect(feed.filter((event) => event.streamId === streams[1]).map((event) => event.revision)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    });

    it('reports the head position: the last event a reader may see', async () => {
      const { store } = subject();
      const streamId = freshStream();
      const result = await store.append(streamId, testEvents(streamId, 2), { expectedRevision: 'no_stream' });
      let head = await store.headPosition();
      await eventually('the head to pass the append', () => head !== null && compareGlobalPositions(head, result.lastPosition) >= 0, 15_000, async () => {
        head = await store.headPosition();
      });
      expect(await store.readAll({ after: head, limit: 10 })).toEqual([]);
    });

    it('names the newest committed position at once: at or beyond every position an append answered', async () => {
      const { store } = subject();
      const streamId = freshStream();
      const result = await store.append(streamId, testEvents(streamId, 2), { expectedRevision: 'no_stream' });
      const newest = await store.newestPosition();
      expect(newest !== null && compareGlobalPositions(newest, result.lastPosition) >= 0).toBe(true);
    });

    it('refuses a non-positive limit', async () => {
      const { store } = subject();
      await expect(store.readAll({ after: null, limit: 0 })).rejects.toThrow(RangeError);
    });
  });
}
