import { describe, expect, it } from 'vitest';
import { equalPeriods, measuredEffect, twoProportionTest } from './effect.js';

describe('the two-proportion z-test', () => {
  it('given 60 of 400 before and 30 of 400 after, then z = -3.357, significant at 5 %', () => {
    // p1 = 0.15, p2 = 0.075, pooled 0.1125: z = -0.075 / sqrt(0.1125 * 0.8875 * (2 / 400)) = -3.3568
    expect(twoProportionTest(60, 400, 30, 400)).toEqual({ before: 0.15, after: 0.075, change: -0.075, z: -3.357, note: 'significant at 5 % (|z| >= 1.96)' });
  });

  it('given 10 of 100 and 8 of 100, then not significant', () => {
    expect(twoProportionTest(10, 100, 8, 100)).toMatchObject({ z: -0.494, note: 'not significant at 5 % (|z| < 1.96)' });
  });

  it('given fewer than 30 in a period, or fewer than 5 of an outcome pooled, then "not enough data" and no z', () => {
    expect(twoProportionTest(3, 20, 1, 40)).toMatchObject({ before: 0.15, after: 0.025, z: null, note: expect.stringContaining('not enough data') });
    expect(twoProportionTest(1, 100, 2, 100)).toMatchObject({ z: null, note: expect.stringContaining('not enough data') });
    expect(twoProportionTest(0, 0, 0, 0)).toMatchObject({ before: null, after: null, change: null, z: null });
  });
});

describe('equal periods around the start', () => {
  it('given an action started 120 days ago and 90-day periods, then 90 days before and after', () => {
    expect(equalPeriods('2026-01-01', 90, '2026-05-01')).toEqual({ days: 90, before: ['2025-10-03', '2026-01-01'], after: ['2026-01-01', '2026-04-01'] });
  });

  it('given an action started 10 days ago, then both periods are cut to 10 days', () => {
    expect(equalPeriods('2026-04-21', 90, '2026-05-01')).toEqual({ days: 10, before: ['2026-04-11', '2026-04-21'], after: ['2026-04-21', '2026-05-01'] });
  });
});

describe('the measured effect', () => {
  it('tests the complaint rate and the CSAT share, each with its sample sizes', () => {
    const effect = measuredEffect(
      { from: 'a', to: 'b', complaints: 60, activeCustomers: 400, csat: { responses: 200, satisfied: 140 } },
      { from: 'b', to: 'c', complaints: 30, activeCustomers: 400, csat: { responses: 200, satisfied: 170 } },
    );
    expect(effect.complaintRate).toMatchObject({ before: 0.15, after: 0.075 });
    expect(effect.csat).toMatchObject({ before: 0.7, after: 0.85, note: 'significant at 5 % (|z| >= 1.96)' });
  });
});
