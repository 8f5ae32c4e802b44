import { describe, expect, it } from 'vitest';
import { checkAppend, checkReadAll } from './append-checks.js';
import { testEvent } from './contract/fixtures.js';
import { InvalidAppendError } from './errors.js';

const streamId = 'customer-C-1';

describe('checkAppend', () => {
  it('accepts a well-formed batch', () => {
    expect(() => checkAppend(streamId, [testEvent(streamId), testEvent(streamId)], 3)).not.toThrow();
  });

  it('lists every problem of a batch at once', () => {
    const event = testEvent(streamId);
    const attempt = () => checkAppend(streamId, [event, event, { ...testEvent('customer-C-2'), id: 'x' }], 'any');
    expect(attempt).toThrow(InvalidAppendError);
    expect(attempt).toThrow(/repeats id.*events\[2\]\.id|events\[2\]\.id.*repeats id/s);
    expect(attempt).toThrow(/belongs to customer-C-2/);
  });

  it.each([[-1], [1.5], [Number.MAX_SAFE_INTEGER + 1]])('rejects expected revision %s', (revision) => {
    expect(() => checkAppend(streamId, [testEvent(streamId)], revision)).toThrow(/expected revision/);
  });

  it('rejects an empty batch and missing data', () => {
    expect(() => checkAppend(streamId, [], 'any')).toThrow(/no events/);
    expect(() => checkAppend(streamId, [{ ...testEvent(streamId), data: undefined }], 'any')).toThrow(/data is missing/);
  });
});

describe('checkReadAll', () => {
  it.each([[0], [-3], [2.5]])('rejects limit %s', (limit) => {
    expect(() => checkReadAll({ after: null, limit })).toThrow(RangeError);
  });
});
