import { describe, expect, it } from 'vitest';
import { backoffMs, isTransientStatus, parseRetryAfter, retryDelayMs } from './retry-policy.js';

const options = { baseMs: 100, capMs: 1_000 };

describe('retry policy', () => {
  it('retries 429, 408 and 5xx, never the answers a retry cannot change', () => {
    expect([429, 408, 500, 502, 503, 504].every(isTransientStatus)).toBe(true);
    expect([400, 401, 403, 404, 409, 413, 415, 422].some(isTransientStatus)).toBe(false);
  });

  it('doubles the backoff per attempt up to the cap, with jitter in the upper half', () => {
    const ceilings = [1, 2, 3, 4, 5, 6].map((attempt) => backoffMs(attempt, options, () => 1));
    expect(ceilings).toEqual([100, 200, 400, 800, 1_000, 1_000]);
    expect(backoffMs(3, options, () => 0)).toBe(200);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-03-01T10:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 10:00:05 GMT', now)).toBe(5_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });

  it("honours the server's Retry-After over the backoff, but never hammers", () => {
    expect(retryDelayMs(1, 5_000, options, () => 1)).toBe(5_000);
    expect(retryDelayMs(6, 0, options, () => 1)).toBe(100);
    expect(retryDelayMs(2, undefined, options, () => 1)).toBe(200);
  });
});
