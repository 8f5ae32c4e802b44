import { describe, expect, it } from 'vitest';
import { categories, categoryOf, parseStreamId, streamIdFor } from './streams.js';
import { thrown } from './test-support/thrown.js';

const codeOf = (run: () => unknown) => thrown(run).code;

describe('stream naming', () => {
  it('names a stream <category>-<id> and reads the category back', () => {
    expect(streamIdFor('customer', 'C-1001')).toBe('customer-C-1001');
    expect(categoryOf('customer-C-1001')).toBe('customer');
    expect(parseStreamId('tierPolicy-standard')).toEqual({ category: 'tierPolicy', id: 'standard' });
  });

  it('splits at the first dash, so ids may contain dashes', () => {
    const id = '3f1c2b7e-9a4d-4c1e-8f2a-5b6c7d8e9f01';
    expect(parseStreamId(streamIdFor('tier', id))).toEqual({ category: 'tier', id });
  });

  it('keeps every category free of dashes', () => {
    expect(categories.filter((category) => category.includes('-'))).toEqual([]);
  });

  it('rejects unknown categories and malformed ids with stable codes', () => {
    expect(codeOf(() => categoryOf('order-1'))).toBe('unknown_category');
    expect(codeOf(() => categoryOf('customer'))).toBe('invalid_stream_id');
    expect(codeOf(() => categoryOf('-1'))).toBe('invalid_stream_id');
    expect(codeOf(() => streamIdFor('customer', 'has space'))).toBe('invalid_stream_id');
    expect(codeOf(() => streamIdFor('order' as 'customer', '1'))).toBe('unknown_category');
  });
});
