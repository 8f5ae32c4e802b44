import { describe, expect, it } from 'vitest';
import { readsFewerFromWhole, type Chunk } from './sorted-chunks.js';

/** A list of `entries` in chunks of `size`, as the followers cut them. */
const listOf = (entries: number, size: number): Chunk[] => Array.from({ length: Math.ceil(entries / size) }, (_, n) => ({ id: `c${n}`, last: `k${n}`, size: Math.min(size, entries - n * size) }));

describe('which list a page of several lists reads', () => {
  // 100,000 customers' tier movements over 24 months: about 4,200 a month, chunks of 1,000; a page of 100 and one more.
  const months = Array.from({ length: 24 }, () => listOf(4_200, 1_000));
  const whole = listOf(24 * 4_200, 1_000);

  it('reads many lists holding much of the whole from the whole: about one chunk, not the first chunk of each list', () => {
    expect(readsFewerFromWhole(whole, months, 101)).toBe(true);
    expect(readsFewerFromWhole(whole, months.slice(0, 12), 101)).toBe(true);
    expect(readsFewerFromWhole(whole, months.slice(0, 2), 101)).toBe(true);
  });

  it('reads one list, or lists holding few of the entries, from their own', () => {
    expect(readsFewerFromWhole(whole, months.slice(0, 1), 101)).toBe(false);
    expect(readsFewerFromWhole(whole, [listOf(40, 1_000), listOf(30, 1_000)], 101)).toBe(false);
    // The buyers' listing (100,000 in chunks of 250) and three months' lost buyers (about 1,400 each, chunks of 100).
    expect(readsFewerFromWhole(listOf(100_000, 250), Array.from({ length: 3 }, () => listOf(1_400, 100)), 51)).toBe(false);
  });

  it('reads the lists while the whole holds nothing, or the lists hold nothing', () => {
    expect(readsFewerFromWhole([], months, 101)).toBe(false);
    expect(readsFewerFromWhole(whole, [[], []], 101)).toBe(false);
  });
});
