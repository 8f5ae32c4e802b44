import { describe, expect, it } from 'vitest';
import { ProblemError } from '../problems/problem.js';
import { concurrencyLimit } from './concurrency-limit.js';

describe('concurrencyLimit', () => {
  it('runs up to max at once, refuses one more with 429 and retry-after, and frees the slot when one ends, failed or not', async () => {
    const limit = concurrencyLimit(2, 'dry runs');
    const releases: (() => void)[] = [];
    const held = () => limit(() => new Promise<string>((resolve) => releases.push(() => resolve('done'))));
    const [first, second] = [held(), held()];
    const refused = await limit(async () => 'third').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ProblemError);
    expect(refused).toMatchObject({ status: 429, code: 'CTP_RATE_LIMITED', headers: { 'retry-after': '5' } });
    releases[0]!();
    expect(await first).toBe('done');
    expect(await limit(async () => 'now')).toBe('now');
    await expect(limit(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    releases[1]!();
    expect(await second).toBe('done');
    expect(await Promise.all([limit(async () => 1), limit(async () => 2)])).toEqual([1, 2]);
  });
});
