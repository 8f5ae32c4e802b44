import { describe, expect, it } from 'vitest';
import { retryAfterMsOf } from './http.js';
import { waitBeforeAsking } from './run-load.js';

describe('asking again', () => {
  it("waits as long as a 429's retry-after says (at most 10 s; 1 s without one)", () => {
    expect(waitBeforeAsking({ status: 429, body: {}, retryAfterMs: 3_000 })).toBe(3_000);
    expect(waitBeforeAsking({ status: 429, body: {}, retryAfterMs: 60_000 })).toBe(10_000);
    expect(waitBeforeAsking({ status: 429, body: {}, retryAfterMs: null })).toBe(1_000);
  });

  it('asks for a write not shown yet more seldom the longer it has waited: a tenth of the wait, from 50 ms to 1 s', () => {
    expect(waitBeforeAsking({ status: 404, body: {} }, 100)).toBe(50);
    expect(waitBeforeAsking({ status: 503, body: {} }, 4_000)).toBe(400);
    expect(waitBeforeAsking({ status: 404, body: {} }, 120_000)).toBe(1_000);
  });

  it('gives a process restarting or failing a moment', () => {
    expect(waitBeforeAsking({ status: 0, body: {} }, 10)).toBe(250);
    expect(waitBeforeAsking({ status: 500, body: {} }, 10)).toBe(250);
  });

  it('reads retry-after in seconds', () => {
    expect(retryAfterMsOf('12')).toBe(12_000);
    expect(retryAfterMsOf('0')).toBe(0);
    expect(retryAfterMsOf(null)).toBeNull();
    expect(retryAfterMsOf('')).toBeNull();
    expect(retryAfterMsOf('Wed, 21 Oct 2026 07:28:00 GMT')).toBeNull();
  });
});
