import { describe, expect, it } from 'vitest';
import { parseQuietHours, quietHoursEnd, type QuietHours } from './quiet-hours.js';

const night = parseQuietHours('21:00-09:00') as QuietHours;
const end = (at: string, quiet: QuietHours = night, timeZone = 'Asia/Shanghai') => quietHoursEnd(new Date(at), quiet, timeZone)?.toISOString() ?? null;

describe('quiet hours', () => {
  it('reads HH:MM-HH:MM and names what is wrong otherwise', () => {
    expect(night).toEqual({ fromMinute: 1260, toMinute: 540 });
    expect(parseQuietHours('00:30-06:00')).toEqual({ fromMinute: 30, toMinute: 360 });
    expect(parseQuietHours('9:00-21:00')).toMatch(/expected HH:MM-HH:MM/);
    expect(parseQuietHours('21:00')).toMatch(/expected/);
    expect(parseQuietHours('24:00-08:00')).toMatch(/expected/);
    expect(parseQuietHours('08:00-08:00')).toMatch(/same time/);
  });

  it('given a night over midnight, an evening attempt waits for the next morning and an early one for this morning, in the zone', () => {
    expect(end('2026-03-04T13:30:00+08:00')).toBeNull();
    expect(end('2026-03-04T20:59:59+08:00')).toBeNull();
    expect(end('2026-03-04T21:00:00+08:00')).toBe('2026-03-05T01:00:00.000Z');
    expect(end('2026-03-04T23:45:00+08:00')).toBe('2026-03-05T01:00:00.000Z');
    expect(end('2026-03-05T03:10:00+08:00')).toBe('2026-03-05T01:00:00.000Z');
    expect(end('2026-03-05T09:00:00+08:00')).toBeNull();
  });

  it('reads the wall clock of the zone asked for, daylight saving included', () => {
    expect(end('2026-03-04T22:00:00Z', night, 'UTC')).toBe('2026-03-05T09:00:00.000Z');
    expect(end('2026-03-04T13:30:00Z', night, 'UTC')).toBeNull();
    expect(end('2026-03-04T13:30:00Z', night, 'Asia/Shanghai')).toBe('2026-03-05T01:00:00.000Z');
    // Berlin moves to summer time on 2026-03-29: 09:00 that morning is 07:00 UTC, the evening before was UTC+1.
    expect(end('2026-03-28T21:30:00+01:00', night, 'Europe/Berlin')).toBe('2026-03-29T07:00:00.000Z');
  });

  it('given a night within one day, only that span is quiet', () => {
    const small = parseQuietHours('00:30-06:00') as QuietHours;
    expect(end('2026-03-04T00:15:00+08:00', small)).toBeNull();
    expect(end('2026-03-04T02:00:00+08:00', small)).toBe('2026-03-03T22:00:00.000Z');
    expect(end('2026-03-04T06:00:00+08:00', small)).toBeNull();
  });
});
