import { describe, expect, it } from 'vitest';
import { backoffMs, backoffPolicy, defaultBackoffPolicy } from './backoff.js';

const noJitter = backoffPolicy({ jitter: 0 });

describe('backoffMs', () => {
  it('doubles from the initial delay after each failed attempt', () => {
    expect([1, 2, 3, 4].map((attempts) => backoffMs(attempts, noJitter))).toEqual([1_000, 2_000, 4_000, 8_000]);
  });

  it('is capped, even after very many attempts, and never stops retrying', () => {
    expect(backoffMs(9, noJitter)).toBe(256_000);
    expect(backoffMs(10, noJitter)).toBe(300_000);
    expect(backoffMs(10_000, noJitter)).toBe(300_000);
  });

  it('treats zero or fewer attempts like the first', () => {
    expect(backoffMs(0, noJitter)).toBe(1_000);
    expect(backoffMs(-3, noJitter)).toBe(1_000);
  });

  it('takes up to the jitter share off at random', () => {
    const policy = backoffPolicy({ initialMs: 1_000, jitter: 0.5 });
    expect(backoffMs(1, policy, () => 0)).toBe(1_000);
    expect(backoffMs(1, policy, () => 0.5)).toBe(750);
    expect(backoffMs(1, policy, () => 0.999_999)).toBe(500);
  });

  it('uses the default policy when none is given', () => {
    const delay = backoffMs(1);
    expect(delay).toBeLessThanOrEqual(defaultBackoffPolicy.initialMs);
    expect(delay).toBeGreaterThanOrEqual(defaultBackoffPolicy.initialMs * (1 - defaultBackoffPolicy.jitter));
  });

  it('rejects policies that make no sense', () => {
    expect(() => backoffPolicy({ initialMs: -1 })).toThrow(RangeError);
    expect(() => backoffPolicy({ initialMs: 10, maxMs: 5 })).toThrow(RangeError);
    expect(() => backoffPolicy({ factor: 0.5 })).toThrow(RangeError);
    expect(() => backoffPolicy({ jitter: 2 })).toThrow(RangeError);
  });
});
