import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { listingMonthsChecks, listingMonthsQuery, listingPeriod } from './listing-period.js';

describe('the months of a fact listing', () => {
  const schema = z.object(listingMonthsQuery).superRefine(listingMonthsChecks);
  it('is one month, a period, or none', () => {
    expect(listingPeriod(schema.parse({ month: '2026-03' }), 'UTC')).toMatchObject({ from: '2026-03', to: '2026-03', startMs: Date.parse('2026-03-01T00:00:00Z'), endMs: Date.parse('2026-04-01T00:00:00Z') });
    expect(listingPeriod(schema.parse({ from: '2026-01', to: '2026-03' }), 'UTC')).toMatchObject({ from: '2026-01', to: '2026-03' });
    expect(listingPeriod(schema.parse({}), 'UTC')).toBeNull();
  });
  it('names the parts that do not go together', () => {
    const paths = (query: Record<string, string>) => schema.safeParse(query).error?.issues.map((issue) => issue.path.join('.'));
    expect(paths({ month: '2026-03', from: '2026-01', to: '2026-02' })).toEqual(['month']);
    expect(paths({ from: '2026-01' })).toEqual(['to']);
    expect(paths({ to: '2026-01' })).toEqual(['from']);
    expect(paths({ from: '2026-03', to: '2026-01' })).toEqual(['to']);
  });
});
