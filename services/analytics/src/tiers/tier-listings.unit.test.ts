import { describe, expect, it } from 'vitest';
import type { Chunk } from '../metrics/sorted-chunks.js';
import { pagesFromAllMonths } from './tier-listings.js';

/** A list of `entries` in chunks of `size`, as the follower cuts them. */
const listOf = (entries: number, size: number): Chunk[] => Array.from({ length: Math.ceil(entries / size) }, (_, n) => ({ id: `c${n}`, last: `k${n}`, size: Math.min(size, entries - n * size) }));

describe('which list a page of movements reads', () => {
  // 100,000 customers' movements over 24 months: about 4,200 a month, chunks of 1,000.
  const months = Array.from({ length: 24 }, () => listOf(4_200, 1_000));
  const all = { allMovements: listOf(24 * 4_200, 1_000) };

  it('reads a span of many months from the list of every month: about one chunk, not the first chunk of each month', () => {
    expect(pagesFromAllMonths(all, months, 100)).toBe(true);
    expect(pagesFromAllMonths(all, months.slice(0, 12), 100)).toBe(true);
    expect(pagesFromAllMonths(all, months.slice(0, 2), 100)).toBe(true);
  });

  it("reads one month, or a span holding few of the movements, from the months' own lists", () => {
    expect(pagesFromAllMonths(all, months.slice(0, 1), 100)).toBe(false);
    expect(pagesFromAllMonths(all, [listOf(40, 1_000), listOf(30, 1_000)], 100)).toBe(false);
  });

  it("reads the months' own lists while the list of every month holds nothing, or the months hold nothing", () => {
    expect(pagesFromAllMonths({ allMovements: [] }, months, 100)).toBe(false);
    expect(pagesFromAllMonths(all, [[], []], 100)).toBe(false);
  });
});
