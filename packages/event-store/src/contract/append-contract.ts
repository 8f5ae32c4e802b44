import { describe, expect, it } from 'vitest';
import { EventIdConflictError, InvalidAppendError, WrongExpectedRevisionError } from '../errors.js';
import type { ExpectedRevision } from '../port.js';
import type { ContractSubject } from './contract-subject.js';
import { freshStream, testEvent, testEvents } from './fixtures.js';

function wrongRevision(actual: number | 'no_stream') {
  return expect.objectContaining({ name: 'WrongExpectedRevisionError', actual }) as unknown as WrongExpectedRevisionError;
}

export function appendContract(subject: () => ContractSubject): void {
  describe('optimistic concurrency', () => {
    const cases: { expected: ExpectedRevision; existing: number; outcome: 'ok' | number | 'no_stream' }[] = [
      { expected: 'no_stream', existing: 0, outcome: 'ok' },
      { expected: 'no_stream', existing: 2, outcome: 1 },
      { expected: 'stream_exists', existing: 0, outcome: 'no_stream' },
      { expected: 'stream_exists', existing: 2, outcome: 'ok' },
      { expected: 'any', existing: 0, outcome: 'ok' },
      { expected: 'any', existing: 2, outcome: 'ok' },
      { expected: 1, existing: 2, outcome: 'ok' },
      { expected: 0, existing: 2, outcome: 1 },
      { expected: 2, existing: 2, outcome: 1 },
      { expected: 0, existing: 0, outcome: 'no_stream' },
    ];
    for (const { expected, existing, outcome } of cases) {
      it(`expected ${String(expected)} on a stream of ${existing} event(s): ${outcome === 'ok' ? 'appends' : `fails, actual ${outcome}`}`, async () => {
        const { store } = subject();
        const streamId = freshStream();
        if (existing > 0) await store.append(streamId, testEvents(streamId, existing), { expectedRevision: 'no_stream' });
        const attempt = store.append(streamId, [testEvent(streamId)], { expectedRevision: expected });
        if (outcome === 'ok') {
          const result = await attempt;
          expect(result.lastRevision).toBe(existing);
          expect(result.events[0]?.duplicate).toBe(false);
        } else {
          await expect(attempt).rejects.toThrow(WrongExpectedRevisionError);
          await expect(store.append(streamId, [testEvent(streamId)], { expectedRevision: expected })).rejects.toEqual(wrongRevision(outcome));
        }
        expect(await store.readStream(streamId)).toHaveLength(existing + (outcome === 'ok' ? 1 : 0));
      });
    }

    it('lets exactly one of two racing appends at the same revision through', async () => {
      const { store } = subject();
      const streamId = freshStream();
      await store.append(streamId, [testEvent(streamId)], { expectedRevision: 'no_stream' });
      const outcomes = await Promise.allSettled(
        Array.from({ length: 6 }, () => store.append(streamId, [testEvent(streamId)], { expectedRevision: 0 })),
      );
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(WrongExpectedRevisionError);
      }
      expect((await store.readStream(streamId)).map((event) => event.revision)).toEqual([0, 1]);
    });

    it('numbers a batch with consecutive revisions and increasing positions', async () => {
      const { store } = subject();
      const streamId = freshStream();
      const result = await store.append(streamId, testEvents(streamId, 3), { expectedRevision: 'no_stream' });
      expect(result.events.map((event) => event.revision)).toEqual([0, 1, 2]);
      expect(result.lastRevision).toBe(2);
      expect(result.lastPosition).toBe(result.events[2]?.globalPosition);
      const positions = result.events.map((event) => BigInt(event.globalPosition));
      expect(positions[0]! < positions[1]! && positions[1]! < positions[2]!).toBe(true);
    });

    it('rejects malformed appends before writing anything', async () => {
      const { store } = subject();
      const streamId = freshStream();
      const event = testEvent(streamId);
      await expect(store.append(streamId, [], { expectedRevision: 'any' })).rejects.toThrow(InvalidAppendError);
      await expect(store.append(streamId, [event, event], { expectedRevision: 'any' })).rejects.toThrow(/repeats id/);
      await expect(store.append(streamId, [testEvent(freshStream())], { expectedRevision: 'any' })).rejects.toThrow(/belongs to/);
      await expect(store.append(streamId, [{ ...event, id: 'not-a-uuid' }], { expectedRevision: 'any' })).rejects.toThrow(/events\[0\]\.id/);
      expect(await store.readStream(streamId)).toEqual([]);
    });
  });

  describe('idempotent appends', () => {
    it('returns the original revisions and positions, marked duplicate, when a committed batch is retried', async () => {
      const { store } = subject();
      const streamId = freshStream();
      const events = testEvents(streamId, 2);
      const first = await store.append(streamId, events, { expectedRevision: 'no_stream' });
      const retry = await store.append(streamId, events, { expectedRevision: 'no_stream' });
      expect(retry.events).toEqual(first.events.map((event) => ({ ...event, duplicate: true })));
      expect(retry.lastPosition).toBe(first.lastPosition);
      expect(await store.readStream(streamId)).toHaveLength(2);
    });

    it('accepts the retry after the stream moved on, whatever revision it expects', async () => {
      const { store } = subject();
      const streamId = freshStream();
      const events = [testEvent(streamId)];
      const first = await store.append(streamId, events, { expectedRevision: 'no_stream' });
      await store.append(streamId, testEvents(streamId, 2), { expectedRevision: 0 });
      for (const expectedRevision of ['no_stream', 0, 'any', 'stream_exists'] as const) {
        const retry = await store.append(streamId, events, { expectedRevision });
        expect(retry.events).toEqual([{ ...first.events[0], duplicate: true }]);
      }
      expect(await store.readStream(streamId)).toHaveLength(3);
    });

    it('treats correlation, causation, actor and traceparent as delivery details, not content', async () => {
      const { store } = subject();
      const streamId = freshStream();
      const event = testEvent(streamId, { data: { b: 1, a: { y: 2, x: [1, 2] } } });
      await store.append(streamId, [event], { expectedRevision: 'no_stream' });
      const redelivered = {
        ...event,
        data: { a: { x: [1, 2], y: 2 }, b: 1 },
        correlationId: 'corr-retry',
        causationId: 'cause-retry',
        actor: { kind: 'service', id: 'another' } as const,
        traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      };
      const retry = await store.append(streamId, [redelivered], { expectedRevision: 'any' });
      expect(retry.events[0]?.duplicate).toBe(true);
    });

    const changes = {
      type: { type: 'OtherThingHappened' },
      'schema version': { schemaVersion: 2 },
      occurredAt: { occurredAt: '2025-06-30T02:15:00.000Z' },
      data: { data: { note: 'another note' } },
    };
    for (const [field, change] of Object.entries(changes)) {
      it(`rejects the same id with a different ${field} as an id conflict`, async () => {
        const { store } = subject();
        const streamId = freshStream();
        const event = testEvent(streamId);
        await store.append(streamId, [event], { expectedRevision: 'no_stream' });
        const attempt = store.append(streamId, [{ ...event, ...change }], { expectedRevision: 'any' });
        await expect(attempt).rejects.toEqual(expect.objectContaining({ name: 'EventIdConflictError', eventId: event.id, existingStreamId: streamId }));
        expect(await store.readStream(streamId)).toHaveLength(1);
      });
    }

    it('rejects a batch that repeats only some ids of an earlier append, writing none of it', async () => {
      const { store } = subject();
      const streamId = freshStream();
      const [stored, fresh] = [testEvent(streamId), testEvent(streamId)];
      await store.append(streamId, [stored], { expectedRevision: 'no_stream' });
      await expect(store.append(streamId, [stored, fresh], { expectedRevision: 'any' })).rejects.toThrow(EventIdConflictError);
      expect((await store.readStream(streamId)).map((event) => event.id)).toEqual([stored.id]);
    });
  });
}
