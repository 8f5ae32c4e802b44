import { describe, expect, it } from 'vitest';
import { EventIdConflictError, InvalidAppendError, WrongExpectedRevisionError } from '../errors.js';
import type { ContractAdapter, ContractSubject } from './contract-subject.js';
import { freshStream, testEvent, testEvents } from './fixtures.js';

export function appendManyContract(adapter: ContractAdapter, subject: () => ContractSubject): void {
  describe('appending to several streams at once', () => {
    it('appends each part with its own revisions, results in the order given, and reads them back in one call', async () => {
      const { store } = subject();
      const [a, b] = [freshStream('a'), freshStream('b')];
      await store.append(a, testEvents(a, 2), { expectedRevision: 'no_stream' });
      const results = await store.appendMany([
        { streamId: a, events: testEvents(a, 2), expectedRevision: 1 },
        { streamId: b, events: testEvents(b, 3), expectedRevision: 'no_stream' },
        { streamId: a, events: testEvents(a, 1), expectedRevision: 3 },
      ]);
      expect(results.map((result) => [result.streamId, result.lastRevision])).toEqual([[a, 3], [b, 2], [a, 4]]);
      expect(results.flatMap((result) => result.events.map((event) => event.duplicate))).toEqual(Array(6).fill(false));
      const streams = await store.readStreams([a, b, freshStream('absent')]);
      expect(streams.get(a)!.map((event) => event.revision)).toEqual([0, 1, 2, 3, 4]);
      expect(streams.get(b)!.map((event) => event.id)).toEqual(results[1]!.events.map((event) => event.id));
      expect([...streams.values()][2]).toEqual([]);
      expect(streams.get(a)).toEqual(await store.readStream(a));
    });

    it.skipIf(!adapter.atomicAcrossStreams)('writes nothing when one part expects another revision, and names that stream', async () => {
      const { store } = subject();
      const [a, b] = [freshStream('a'), freshStream('b')];
      await store.append(b, testEvents(b, 1), { expectedRevision: 'no_stream' });
      const attempt = store.appendMany([
        { streamId: a, events: testEvents(a, 2), expectedRevision: 'no_stream' },
        { streamId: b, events: testEvents(b, 1), expectedRevision: 'no_stream' },
      ]);
      await expect(attempt).rejects.toEqual(expect.objectContaining({ name: 'WrongExpectedRevisionError', streamId: b, actual: 0 }));
      await expect(attempt).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      expect(await store.readStream(a)).toEqual([]);
      expect(await store.readStream(b)).toHaveLength(1);
    });

    it.skipIf(!adapter.atomicAcrossStreams)('refuses an id stored before, writing nothing', async () => {
      const { store } = subject();
      const [a, b] = [freshStream('a'), freshStream('b')];
      const stored = testEvent(a);
      await store.append(a, [stored], { expectedRevision: 'no_stream' });
      const attempt = store.appendMany([
        { streamId: b, events: testEvents(b, 2), expectedRevision: 'no_stream' },
        { streamId: a, events: [stored], expectedRevision: 'any' },
      ]);
      await expect(attempt).rejects.toEqual(expect.objectContaining({ name: 'EventIdConflictError', eventId: stored.id, existingStreamId: a }));
      await expect(attempt).rejects.toBeInstanceOf(EventIdConflictError);
      expect(await store.readStream(b)).toEqual([]);
    });

    it('refuses an id given twice across parts before anything reaches the server', async () => {
      const { store } = subject();
      const [a, b] = [freshStream('a'), freshStream('b')];
      const event = testEvent(a);
      await expect(store.appendMany([
        { streamId: a, events: [event], expectedRevision: 'no_stream' },
        { streamId: b, events: [{ ...event, streamId: b }], expectedRevision: 'no_stream' },
      ])).rejects.toThrow(InvalidAppendError);
      expect(await store.readStreams([a, b])).toEqual(new Map([[a, []], [b, []]]));
    });

    it('lets one of two racing multi-stream appends through when they share a stream', async () => {
      const { store } = subject();
      const [shared, x, y] = [freshStream('shared'), freshStream('x'), freshStream('y')];
      const outcomes = await Promise.allSettled([x, y].map((own) => store.appendMany([
        { streamId: own, events: testEvents(own, 1), expectedRevision: 'no_stream' },
        { streamId: shared, events: testEvents(shared, 1), expectedRevision: 'no_stream' },
      ])));
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      expect(await store.readStream(shared)).toHaveLength(1);
      if (adapter.atomicAcrossStreams) expect([...(await store.readStreams([x, y])).values()].map((events) => events.length).sort()).toEqual([0, 1]);
    });
  });
}
