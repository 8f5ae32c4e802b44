import type { AllStreamResolvedEvent } from '@eventstore/db-client';
import { describe, expect, it } from 'vitest';
import { testEvent } from '../contract/fixtures.js';
import { fromEsdbEvent, fromEsdbPosition, isSystemEvent, toEsdbEvent, toEsdbExpectedRevision, toEsdbPosition } from './mapping.js';

describe('ESDB mapping', () => {
  it('maps every expected revision', () => {
    expect(toEsdbExpectedRevision('any')).toBe('any');
    expect(toEsdbExpectedRevision('no_stream')).toBe('no_stream');
    expect(toEsdbExpectedRevision('stream_exists')).toBe('stream_exists');
    expect(toEsdbExpectedRevision(41)).toBe(41n);
  });

  it('uses the commit position as our global position, exactly beyond 2^53', () => {
    expect(fromEsdbPosition({ commit: 9007199254740993n, prepare: 9007199254740993n })).toBe('9007199254740993');
    expect(toEsdbPosition('9007199254740993')).toEqual({ commit: 9007199254740993n, prepare: 9007199254740993n });
    expect(() => toEsdbPosition('-1')).toThrow();
  });

  it('round-trips an event through ESDB event data and metadata', () => {
    const event = testEvent('customer-C-1', { causationId: 'cause-1' });
    const data = toEsdbEvent(event, 'append-1');
    expect(data).toMatchObject({ id: event.id, type: event.type, contentType: 'application/json', data: event.data });
    expect(data.metadata).toMatchObject({ $correlationId: 'corr-1', $causationId: 'cause-1', appendId: 'append-1', occurredAt: event.occurredAt });
    const resolved = {
      event: {
        streamId: event.streamId,
        id: event.id,
        isJson: true,
        revision: 3n,
        type: event.type,
        created: new Date('2025-06-30T02:15:00.123Z'),
        data: event.data,
        metadata: data.metadata,
        position: { commit: 1200n, prepare: 1200n },
      },
    } as unknown as AllStreamResolvedEvent;
    expect(fromEsdbEvent(resolved)).toEqual({
      appendId: 'append-1',
      event: { ...event, revision: 3, globalPosition: '1200', recordedAt: '2025-06-30T02:15:00.123Z' },
    });
  });

  it('recognises system events and streams', () => {
    const of = (type: string, streamId: string) => ({ event: { type, streamId } }) as unknown as AllStreamResolvedEvent;
    expect(isSystemEvent(of('$metadata', 'customer-1'))).toBe(true);
    expect(isSystemEvent(of('ThingHappened', '$stats-127.0.0.1:2113'))).toBe(true);
    expect(isSystemEvent(of('ThingHappened', 'customer-1'))).toBe(false);
    expect(isSystemEvent({} as AllStreamResolvedEvent)).toBe(true);
  });
});
