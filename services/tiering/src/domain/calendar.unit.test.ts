import { describe, expect, it } from 'vitest';
import { addMonths, endOfDayIn, isoDateIn, isTimeZone, nextReviewDate, startOfDayIn, wholeMonthsBetween } from './calendar.js';

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

describe('given a business time zone', () => {
  const instant = (text: string) => Date.parse(text);

  it('when in Asia/Shanghai then the day begins at 16:00 UTC the day before', () => {
    expect(startOfDayIn('2025-03-01', 'Asia/Shanghai')).toBe(instant('2025-02-28T16:00:00Z'));
    expect(endOfDayIn('2025-03-01', 'Asia/Shanghai')).toBe(instant('2025-03-01T15:59:59.999Z'));
    expect(isoDateIn(instant('2025-02-28T16:00:00Z'), 'Asia/Shanghai')).toBe('2025-03-01');
    expect(isoDateIn(instant('2025-02-28T15:59:59.999Z'), 'Asia/Shanghai')).toBe('2025-02-28');
  });

  it('when in UTC then dates and instants are the UTC ones', () => {
    expect(startOfDayIn('2025-03-01', 'UTC')).toBe(instant('2025-03-01T00:00:00Z'));
    expect(isoDateIn(instant('2025-03-01T23:59:59.999Z'), 'UTC')).toBe('2025-03-01');
  });

  it('when Europe/Berlin switches to summer time then days begin an hour earlier in UTC from that day on', () => {
    expect(startOfDayIn('2025-03-30', 'Europe/Berlin')).toBe(instant('2025-03-29T23:00:00Z'));
    expect(startOfDayIn('2025-03-31', 'Europe/Berlin')).toBe(instant('2025-03-30T22:00:00Z'));
    expect(endOfDayIn('2025-03-30', 'Europe/Berlin') - startOfDayIn('2025-03-30', 'Europe/Berlin')).toBe(23 * 3_600_000 - 1);
    expect(isoDateIn(instant('2025-03-30T22:30:00Z'), 'Europe/Berlin')).toBe('2025-03-31');
  });

  it('when Europe/Berlin switches back in October then that day lasts 25 hours', () => {
    expect(startOfDayIn('2025-10-26', 'Europe/Berlin')).toBe(instant('2025-10-25T22:00:00Z'));
    expect(startOfDayIn('2025-10-27', 'Europe/Berlin')).toBe(instant('2025-10-26T23:00:00Z'));
    expect(isoDateIn(instant('2025-10-26T22:30:00Z'), 'Europe/Berlin')).toBe('2025-10-26');
  });

  it('when midnight falls in a daylight-saving gap then the day begins when the clock jumps', () => {
    expect(startOfDayIn('2024-09-08', 'America/Santiago')).toBe(instant('2024-09-08T01:00:00-03:00'));
    expect(isoDateIn(startOfDayIn('2024-09-08', 'America/Santiago') - 1, 'America/Santiago')).toBe('2024-09-07');
  });

  it('when the name is not an IANA zone then it is not taken', () => {
    expect(['Asia/Shanghai', 'UTC', 'Europe/Berlin'].map(isTimeZone)).toEqual([true, true, true]);
    expect(['Asia/Beijing', 'GMT+25', ''].map(isTimeZone)).toEqual([false, false, false]);
  });
});
