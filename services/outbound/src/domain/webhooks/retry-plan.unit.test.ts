import { backoffPolicy } from '@ctp/timers';
import { describe, expect, it } from 'vitest';
import { afterFailure } from './retry-plan.js';

const settings = { maxAttempts: 4, backoff: backoffPolicy({ initialMs: 1_000, factor: 2, maxMs: 5_000, jitter: 0 }) };
const now = new Date('2026-03-04T06:00:00.000Z');
const retryIn = (attempts: number) => {
  const next = afterFailure(attempts, settings, now, () => 0);
  return next.next === 'retry' ? next.at.getTime() - now.getTime() : 'park';
};

describe('after a failed attempt', () => {
  it('retries after a doubling wait, capped, until the bound; then parks', () => {
    expect([1, 2, 3, 4].map(retryIn)).toEqual([1_000, 2_000, 4_000, 'park']);
  });

  it('never waits longer than the cap', () => {
    expect(retryIn(3)).toBeLessThanOrEqual(5_000);
    expect(afterFailure(3, { ...settings, maxAttempts: 10 }, now, () => 0)).toEqual({ next: 'retry', at: new Date(now.getTime() + 4_000) });
    expect(afterFailure(9, { ...settings, maxAttempts: 10 }, now, () => 0)).toEqual({ next: 'retry', at: new Date(now.getTime() + 5_000) });
  });
});
