import { describe, expect, it } from 'vitest';
import { testEvent } from '../contract/fixtures.js';
import { EventIdConflictError } from '../errors.js';
import { classifyAppend } from './classify-append.js';
import type { StoredEvent } from './mapping.js';

const streamId = 'customer-C-1';
const events = [testEvent(streamId), testEvent(streamId)];

function stored(appendId: string, overrides: Partial<StoredEvent['event']>[] = []): Map<string, StoredEvent> {
  return new Map(
    events.map((event, index) => [
      event.id,
      { appendId, event: { ...event, revision: 5 + index, globalPosition: String(100 + index), recordedAt: '2025-01-01T00:00:00Z', ...overrides[index] } },
    ]),
  );
}

describe('classifyAppend', () => {
  it('finds nothing to classify when none of the ids is stored', () => {
    expect(classifyAppend(streamId, events, new Map(), 'mine')).toBeNull();
  });

  it('reports events written by this attempt as fresh', () => {
    expect(classifyAppend(streamId, events, stored('mine'), 'mine')).toMatchObject({
      lastRevision: 6,
      lastPosition: '101',
      events: [{ revision: 5, duplicate: false }, { revision: 6, duplicate: false }],
    });
  });

  it('reports identical events written earlier as duplicates', () => {
    const result = classifyAppend(streamId, events, stored('earlier'), 'mine');
    expect(result?.events.map((event) => event.duplicate)).toEqual([true, true]);
  });

  it('raises a conflict for other content under the same id, or for a partial repeat', () => {
    const changed = stored('earlier', [{}, { data: { other: true } }]);
    expect(() => classifyAppend(streamId, events, changed, 'mine')).toThrow(EventIdConflictError);
    const partial = new Map([...stored('earlier')].slice(0, 1));
    expect(() => classifyAppend(streamId, events, partial, 'mine')).toThrow(new EventIdConflictError(events[0]!.id, streamId));
  });
});
