import { describe, expect, it } from 'vitest';
import { jsonEqual, sameContent } from './same-content.js';

const stored = {
  type: 'ThingHappened',
  schemaVersion: 1,
  streamId: 'customer-1',
  occurredAt: '2025-06-30T10:15:00+08:00',
  data: { a: 1, b: { c: [1, 2, { d: null }] } },
};

describe('sameContent', () => {
  it('ignores key order, as jsonb equality does', () => {
    expect(sameContent({ ...stored, data: { b: { c: [1, 2, { d: null }] }, a: 1 } }, stored)).toBe(true);
  });

  it.each([
    ['type', { type: 'Other' }],
    ['schema version', { schemaVersion: 2 }],
    ['stream', { streamId: 'customer-2' }],
    ['occurredAt, even for the same instant written differently', { occurredAt: '2025-06-30T02:15:00Z' }],
    ['data', { data: { a: 1, b: { c: [2, 1, { d: null }] } } }],
  ])('tells events apart by %s', (_, change) => {
    expect(sameContent({ ...stored, ...change }, stored)).toBe(false);
  });
});

describe('jsonEqual', () => {
  it('compares JSON values, not objects', () => {
    expect(jsonEqual({ a: undefined, b: 1 }, { b: 1 })).toBe(true);
    expect(jsonEqual([1, 2], [1, 2])).toBe(true);
    expect(jsonEqual([1, 2], { 0: 1, 1: 2 })).toBe(false);
    expect(jsonEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(jsonEqual(null, {})).toBe(false);
    expect(jsonEqual('1', 1)).toBe(false);
  });
});
