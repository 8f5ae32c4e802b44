import { describe, expect, it } from 'vitest';
import { mean, percentile, ratio } from './ratios.js';

describe('ratios and percentiles', () => {
  it('keeps what a ratio was counted from, and gives none for an empty denominator', () => {
    expect(ratio(3, 4)).toEqual({ numerator: 3, denominator: 4, value: 0.75 });
    expect(ratio(1, 3).value).toBe(0.3333);
    expect(ratio(0, 0)).toEqual({ numerator: 0, denominator: 0, value: null });
  });

  it('takes the nearest rank: of 10, 20, 40, 90 the median is 20 and p90 is 90', () => {
    expect(percentile([40, 10, 90, 20], 50)).toBe(20);
    expect(percentile([40, 10, 90, 20], 90)).toBe(90);
    expect(percentile([], 50)).toBeNull();
    expect(mean([10, 20, 40])).toBe(23.3333);
  });
});
