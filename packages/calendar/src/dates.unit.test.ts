import { describe, expect, it } from 'vitest';
import { addMonths, nextReviewDate, weekdayOf, wholeMonthsBetween } from './dates.js';

describe('given a review cadence', () => {
  it('when weekly then the next review is the next Monday, never the same day', () => {
    expect(['2025-03-02', '2025-03-03', '2025-03-08'].map((date) => nextReviewDate('weekly', date))).toEqual([
      '2025-03-03',
      '2025-03-10',
      '2025-03-10',
    ]);
  });

  it('when monthly then it is the first of the next month, across the year end', () => {
    expect(['2025-01-01', '2025-01-31', '2025-12-15'].map((date) => nextReviewDate('monthly', date))).toEqual([
      '2025-02-01',
      '2025-02-01',
      '2026-01-01',
    ]);
  });

  it('when quarterly then it is the start of the next quarter', () => {
    expect(['2025-01-01', '2025-03-31', '2025-04-01', '2025-11-30'].map((date) => nextReviewDate('quarterly', date))).toEqual([
      '2025-04-01',
      '2025-04-01',
      '2025-07-01',
      '2026-01-01',
    ]);
  });
});

describe('given calendar months', () => {
  const at = (date: string) => Date.parse(`${date}T00:00:00Z`);

  it('when adding months then the day is clamped to a shorter month', () => {
    expect(new Date(addMonths(at('2025-03-31'), -1)).toISOString()).toBe('2025-02-28T00:00:00.000Z');
    expect(new Date(addMonths(at('2024-02-29'), 12)).toISOString()).toBe('2025-02-28T00:00:00.000Z');
  });

  it('when counting whole months then a month is complete only on its day', () => {
    expect(wholeMonthsBetween(at('2025-01-15'), at('2025-03-14'))).toBe(1);
    expect(wholeMonthsBetween(at('2025-01-15'), at('2025-03-15'))).toBe(2);
    expect(wholeMonthsBetween(at('2025-03-15'), at('2025-01-15'))).toBe(0);
  });
});

describe('given a date', () => {
  it('when asking its weekday then it is the ISO one, Monday 1 to Sunday 7', () => {
    expect(['2025-09-22', '2025-09-27', '2025-09-28', '2024-02-29'].map(weekdayOf)).toEqual([1, 6, 7, 4]);
  });
});
