import { describe, expect, it } from 'vitest';
import { eventToAppendSchema, recordedEventSchema, traceparentSchema } from './envelope.js';
import { recordedEnvelope } from './test-support/envelopes.js';

const invalidPaths = (value: unknown) =>
  recordedEventSchema.safeParse(value).error?.issues.map((issue) => issue.path.join('.')) ?? [];

describe('recorded event envelope', () => {
  it('accepts a complete envelope with a position beyond 2^53', () => {
    const parsed = recordedEventSchema.parse(recordedEnvelope());
    expect(parsed.globalPosition).toBe('9007199254740993');
  });

  it('accepts a null causation id and a null traceparent', () => {
    expect(invalidPaths(recordedEnvelope({ causationId: null, traceparent: null }))).toEqual([]);
  });

  it('names every invalid field', () => {
    const paths = invalidPaths(
      recordedEnvelope({
        id: 'not-a-uuid',
        schemaVersion: 0,
        revision: -1,
        globalPosition: 12,
        occurredAt: '2025-06-30T10:15:00',
        actor: { kind: 'robot', id: 'x' },
      }),
    );
    expect(paths).toEqual(['id', 'schemaVersion', 'occurredAt', 'actor.kind', 'revision', 'globalPosition']);
  });

  it.each(['007', '-1', '1.0', '18446744073709551616'])('rejects global position %s', (position) => {
    expect(invalidPaths(recordedEnvelope({ globalPosition: position }))).toEqual(['globalPosition']);
  });

  it('rejects unknown envelope fields', () => {
    expect(invalidPaths(recordedEnvelope({ tenant: 'x' }))).toEqual(['']);
  });

  it('rejects a stream of an unknown category', () => {
    expect(invalidPaths(recordedEnvelope({ streamId: 'order-1' }))).toEqual(['streamId']);
  });
});

describe('event to append', () => {
  it('has no revision, position or recordedAt yet', () => {
    const { revision: _r, globalPosition: _g, recordedAt: _t, ...toAppend } = recordedEnvelope();
    expect(eventToAppendSchema.safeParse(toAppend).success).toBe(true);
    expect(eventToAppendSchema.safeParse(recordedEnvelope()).success).toBe(false);
  });
});

describe('traceparent', () => {
  it.each([
    ['00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', true],
    ['00-00000000000000000000000000000000-00f067aa0ba902b7-01', false],
    ['00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01', false],
    ['00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01', false],
    ['01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', false],
  ])('%s valid: %s', (value, valid) => {
    expect(traceparentSchema.safeParse(value).success).toBe(valid);
  });
});
