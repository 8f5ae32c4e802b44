import { describe, expect, it } from 'vitest';
import { contains, monthIn, monthsOf, nextMonth, periodOf, previousMonth } from './period.js';

describe('months in the business time zone', () => {
  it('places an instant in the month of its local date', () => {
    expect(monthIn(Date.parse('2026-02-28T16:30:00Z'), 'Asia/Shanghai')).toBe('2026-03');
    expect(monthIn(Date.parse('2026-02-28T15:30:00Z'), 'Asia/Shanghai')).toBe('2026-02');
  });

  it('counts a period from the first local midnight to the one after its last month, across a year end', () => {
    const period = periodOf('2026-12', '2027-01', 'Asia/Shanghai');
    expect(new Date(period.startMs).toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(new Date(period.endMs).toISOString()).toBe('2027-01-31T16:00:00.000Z');
    expect(monthsOf(period)).toEqual(['2026-12', '2027-01']);
    expect(contains(period, period.startMs)).toBe(true);
    expect(contains(period, period.endMs)).toBe(false);
    expect([nextMonth('2026-12'), previousMonth('2027-01')]).toEqual(['2027-01', '2026-12']);
  });
});
