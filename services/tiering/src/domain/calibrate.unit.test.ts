import { describe, expect, it } from 'vitest';
import { calibrate, cutPoints } from './calibrate.js';
import type { ComponentValues } from './component-values.js';
import { TieringError } from './errors.js';
import { normalise } from './normalise.js';
import { defaultTierPolicy } from './policy.js';
import { noValues } from './test-support/policies.js';

const cuts = (values: number[], buckets = 5, lowerIsBetter = false) => cutPoints(Float64Array.from(values), buckets, lowerIsBetter);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const shuffled = <T>(values: T[], seed: number) =>
  values.map((value, i) => ({ value, key: Math.sin(seed * 9301 + i * 49297) })).sort((a, b) => a.key - b.key).map(({ value }) => value);

describe('given an active base of distinct values', () => {
  it('when cut into quintiles then each bucket holds a fifth', () => {
    expect(cuts(range(1, 100))).toEqual([21, 41, 61, 81]);
  });

  it('when the component is lower-is-better then the cut points still rise and fewer days score higher', () => {
    const recencyCuts = cuts(range(1, 100), 5, true);
    expect(recencyCuts).toEqual([20, 40, 60, 80]);
    const policy = { ...defaultTierPolicy, calibration: { date: '2025-03-01', activeBase: 100, breakpoints: { recency: recencyCuts } } };
    expect([1, 20, 21, 80, 81, 100].map((days) => normalise('recency', days, policy))).toEqual([1, 1, 0.75, 0.25, 0, 0]);
  });
});

describe('given an active base with many equal values', () => {
  const orders = [...Array<number>(45).fill(1), ...Array<number>(20).fill(2), ...Array<number>(15).fill(3), ...range(4, 23)];

  it('when calibrated in any order then the cut points are the same and equal values share a bucket', () => {
    const expected = cuts(orders);
    for (const seed of [1, 2, 3]) expect(cuts(shuffled(orders, seed))).toEqual(expected);
    expect(expected).toEqual([1, 1, 2, 4]);
  });

  it('when every value is equal then everyone lands in the top bucket', () => {
    expect(cuts(Array<number>(10).fill(7))).toEqual([7, 7, 7, 7]);
  });

  it('when the base is smaller than the number of buckets then the cut points are still observed values', () => {
    expect(cuts([5, 1, 3])).toEqual([1, 3, 3, 5]);
  });
});

describe('given the default policy and an active base', () => {
  const base: ComponentValues[] = range(1, 50).map((i) => ({
    ...noValues,
    recency: 100 - i,
    frequency: i % 7,
    monetary: i * 1_000,
    tenure: i,
    repeat_purchase: i % 2,
    interaction_frequency: i % 3,
  }));

  it('when calibrated then every percentile component gets buckets - 1 cut points and the result is a valid calibration', () => {
    const calibration = calibrate(defaultTierPolicy, base, '2025-03-01');
    expect(calibration).toMatchObject({ date: '2025-03-01', activeBase: 50 });
    expect(Object.values(calibration.breakpoints).map((points) => points.length)).toEqual([4, 4, 4, 4, 4, 4]);
  });

  it('when there is no active base then calibration is refused', () => {
    expect(() => calibrate(defaultTierPolicy, [], '2025-03-01')).toThrow(TieringError);
  });

  it('when a percentile component is scored without calibration then it says so', () => {
    expect(() => normalise('monetary', 1, { ...defaultTierPolicy })).toThrow(
      expect.objectContaining({ code: 'policy_not_calibrated' }) as Error,
    );
  });

  it('when values grow then the normalised score never falls (and for recency never rises)', () => {
    const policy = { ...defaultTierPolicy, calibration: calibrate(defaultTierPolicy, base, '2025-03-01') };
    const probes = range(-5, 120);
    for (const component of ['monetary', 'frequency', 'tenure', 'interaction_frequency'] as const) {
      const scores = probes.map((value) => normalise(component, value * (component === 'monetary' ? 500 : 1), policy));
      expect(scores.every((score, i) => i === 0 || score >= scores[i - 1]!)).toBe(true);
      expect(scores.every((score) => score >= 0 && score <= 1)).toBe(true);
    }
    const recency = probes.map((days) => normalise('recency', days, policy));
    expect(recency.every((score, i) => i === 0 || score <= recency[i - 1]!)).toBe(true);
  });
});
