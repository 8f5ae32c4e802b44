import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { listOf, periodChecks, periodQuery } from './query.js';

describe('query parts', () => {
  const schema = z.object({ ...periodQuery, groupBy: listOf(['tier', 'month']) }).superRefine(periodChecks);

  it('parses a period and a grouping', () => {
    expect(schema.parse({ from: '2026-01', to: '2026-03', groupBy: 'tier, month,tier' })).toEqual({ from: '2026-01', to: '2026-03', groupBy: ['tier', 'month'] });
  });

  it('names each bad part', () => {
    const result = schema.safeParse({ from: '2026-13', to: '2025-01', groupBy: 'colour' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(expect.arrayContaining(['from', 'groupBy']));
    const backwards = schema.safeParse({ from: '2026-05', to: '2026-01' });
    expect(backwards.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([['to', 'must not be before from']]);
    expect(schema.safeParse({ from: '2023-01', to: '2026-01' }).error?.issues[0]?.message).toBe('at most 36 months from from');
    expect(schema.safeParse({ from: '0000-01', to: '3000-01' }).error?.issues.map((issue) => issue.path.join('.'))).toEqual(expect.arrayContaining(['from', 'to']));
  });
});
