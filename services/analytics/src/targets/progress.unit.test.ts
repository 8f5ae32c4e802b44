import { describe, expect, it } from 'vitest';
import { ratio } from '../metrics/ratios.js';
import { currentWindow, pooledMean, pooledRatio, progressOf, targetValueOf, timeSpanOf } from './progress.js';

const day = 86_400_000;

describe('progress toward a target', () => {
  it('is (current - baseline) / (target - baseline), on track when at least the share of time elapsed', () => {
    // CSAT 0.78 -> 0.85, now 0.81: 0.03 / 0.07 = 0.428571...; 100 of 400 days gone: 0.25.
    expect(progressOf({ baseline: 0.78, target: 0.85, current: 0.81 }, 0, 400 * day, 100 * day)).toEqual({ progress: 0.4286, elapsed: 0.25, onTrack: true });
    // Cycle 7 -> 3 days, now 6: (6 - 7) / (3 - 7) = 0.25; 300 of 400 days: 0.75, behind.
    expect(progressOf({ baseline: 7, target: 3, current: 6 }, 0, 400 * day, 300 * day)).toEqual({ progress: 0.25, elapsed: 0.75, onTrack: false });
    // Moving away: 8 days is (8 - 7) / (3 - 7) = -0.25; before the start nothing has elapsed, past the deadline all has.
    expect(progressOf({ baseline: 7, target: 3, current: 8 }, 0, 400 * day, -5 * day)).toEqual({ progress: -0.25, elapsed: 0, onTrack: false });
    expect(progressOf({ baseline: 7, target: 3, current: 3 }, 0, 400 * day, 900 * day)).toEqual({ progress: 1, elapsed: 1, onTrack: true });
  });

  it('has no progress without a current value, a baseline or a target apart from it', () => {
    expect(progressOf({ baseline: 0.78, target: 0.85, current: null }, 0, 4 * day, day)).toEqual({ progress: null, elapsed: 0.25, onTrack: null });
    expect(progressOf({ baseline: 0.5, target: 0.5, current: 0.6 }, 0, 4 * day, day).progress).toBeNull();
  });

  it('takes a relative target from the baseline: a complaint rate of 0.05 with -20 % aims at 0.04', () => {
    expect(targetValueOf({ targetChange: -0.2 }, 0.05)).toBe(0.04);
    expect(targetValueOf({ targetChange: 0.05 }, null)).toBeNull();
    expect(targetValueOf({ targetValue: 15 }, null)).toBe(15);
  });

  it('counts the months after the baseline up to the last full month, and the time from the baseline end to the end of the deadline day', () => {
    const now = Date.parse('2026-06-10T02:00:00Z');
    expect(currentWindow('2026-02', now, 'Asia/Shanghai')).toEqual({ from: '2026-03', to: '2026-05' });
    expect(currentWindow('2026-05', now, 'Asia/Shanghai')).toBeNull();
    expect(timeSpanOf({ baseline: { from: '2025-03', to: '2026-02' }, deadline: '2027-02-28' }, 'Asia/Shanghai')).toEqual({
      startMs: Date.parse('2026-02-28T16:00:00Z'), // 2026-03-01 00:00 in Shanghai
      deadlineMs: Date.parse('2027-02-28T16:00:00Z'), // 2027-03-01 00:00 in Shanghai
    });
  });

  it('pools month figures: 3/100 and 1/50 are 4/150; means 4 days of 2 and 1 day of 1 are 3 days', () => {
    expect(pooledRatio([ratio(3, 100), ratio(1, 50)])).toEqual({ numerator: 4, denominator: 150, value: 0.0267 });
    expect(pooledMean([{ mean: 4, count: 2 }, { mean: 1, count: 1 }, { mean: null, count: 3 }])).toBe(3);
    expect(pooledMean([])).toBeNull();
  });
});
