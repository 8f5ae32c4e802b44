import { describe, expect, it } from 'vitest';
import { eventsPerSecond, inParallel, median, percentile, sideBySide, sideBySideGrid, spread, summarizeLatency } from './stats.js';

describe('stats', () => {
  it('takes the median of odd and even counts without reordering the input', () => {
    const values = [5, 1, 3];
    expect(median(values)).toBe(3);
    expect(values).toEqual([5, 1, 3]);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow();
  });

  it('uses nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(summarizeLatency([3, 1, 2])).toEqual({ count: 3, p50: 2, p95: 3, p99: 3, max: 3 });
  });

  it('turns measurements into events per second and spreads', () => {
    expect(eventsPerSecond({ events: 500, ms: 250 })).toBe(2000);
    expect(() => eventsPerSecond({ events: 1, ms: 0 })).toThrow();
    expect(spread([90, 100, 110])).toBeCloseTo(0.2);
  });

  it('alternates ours and raw and reports medians', async () => {
    const calls: string[] = [];
    const result = await sideBySide(
      3,
      async (repeat) => (calls.push(`ours${repeat}`), { events: 100 * (repeat + 1), ms: 1000 }),
      async (repeat) => (calls.push(`raw${repeat}`), { events: 200, ms: 1000 }),
    );
    expect(calls).toEqual(['ours0', 'raw0', 'raw1', 'ours1', 'ours2', 'raw2']);
    expect(result.ours.median).toBe(200);
    expect(result.raw.samples).toEqual([200, 200, 200]);
  });

  it('alternates a grid of variants with one raw limit', async () => {
    const calls: string[] = [];
    const variant = (name: string, events: number) => async (repeat: number) => (calls.push(`${name}${repeat}`), { events, ms: 1000 });
    const result = await sideBySideGrid(3, [variant('a', 100), variant('b', 300)], variant('raw', 200));
    expect(calls).toEqual(['a0', 'b0', 'raw0', 'raw1', 'b1', 'a1', 'a2', 'b2', 'raw2']);
    expect(result.ours.map((throughput) => throughput.median)).toEqual([100, 300]);
    expect(result.raw.samples).toEqual([200, 200, 200]);
  });

  it('bounds concurrency and runs every task once', async () => {
    let inFlight = 0;
    let peak = 0;
    const seen: number[] = [];
    await inParallel(10, 3, async (index) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 1));
      seen.push(index);
      inFlight -= 1;
    });
    expect(peak).toBe(3);
    expect(seen.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
