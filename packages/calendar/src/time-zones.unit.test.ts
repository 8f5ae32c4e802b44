import { describe, expect, it } from 'vitest';
import { endOfDayIn, isoDateIn, isoDateTimeIn, isTimeZone, startOfDayIn } from './time-zones.js';

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

  it('when an instant is written in the zone then it reads the wall clock with the offset of that moment, milliseconds only when it has any', () => {
    expect(isoDateTimeIn(instant('2025-11-11T12:00:05.900Z'), 'Asia/Shanghai')).toBe('2025-11-11T20:00:05.900+08:00');
    expect(isoDateTimeIn(instant('2025-11-11T12:00:05.007Z'), 'Asia/Shanghai')).toBe('2025-11-11T20:00:05.007+08:00');
    expect(isoDateTimeIn(instant('2025-03-30T00:30:00Z'), 'Europe/Berlin')).toBe('2025-03-30T01:30:00+01:00');
    expect(isoDateTimeIn(instant('2025-03-30T01:30:00Z'), 'Europe/Berlin')).toBe('2025-03-30T03:30:00+02:00');
    expect(isoDateTimeIn(instant('2025-01-15T05:07:09Z'), 'America/New_York')).toBe('2025-01-15T00:07:09-05:00');
    expect(isoDateTimeIn(instant('2025-01-15T05:07:09Z'), 'Asia/Kolkata')).toBe('2025-01-15T10:37:09+05:30');
    expect(isoDateTimeIn(0, 'UTC')).toBe('1970-01-01T00:00:00+00:00');
  });

  it('when a zone changes its offset on a half hour then every second of that hour has its own offset', () => {
    // Lord Howe Island goes from +10:30 to +11:00 at 02:00 local time, 15:30 UTC
    const change = instant('2025-10-04T15:30:00Z');
    expect(isoDateTimeIn(change - 1000, 'Australia/Lord_Howe')).toBe('2025-10-05T01:59:59+10:30');
    expect(isoDateTimeIn(change, 'Australia/Lord_Howe')).toBe('2025-10-05T02:30:00+11:00');
    expect(isoDateTimeIn(change - 1000, 'Australia/Lord_Howe')).toBe('2025-10-05T01:59:59+10:30');
  });

  it('when the offset has seconds (local mean time) then the written time still names the same instant', () => {
    const written = isoDateTimeIn(instant('1890-06-01T00:00:00Z'), 'Asia/Shanghai');
    expect(written).toMatch(/^1890-06-01T08:05:00\+08:05$/);
    expect(Date.parse(written)).toBe(instant('1890-06-01T00:00:00Z'));
  });
});
