import { describe, expect, it } from 'vitest';
import { createZone, parseLocalDate } from './zone.js';

describe('zone', () => {
  it('formats Shanghai time with its fixed offset', () => {
    const zone = createZone('Asia/Shanghai');
    expect(zone.format(Date.parse('2025-11-11T12:00:05Z') / 1000)).toBe('2025-11-11T20:00:05+08:00');
    expect(zone.fromLocal(2025, 1, 1)).toBe(Date.parse('2024-12-31T16:00:00Z') / 1000);
  });

  it('follows daylight saving time', () => {
    const zone = createZone('Europe/Berlin');
    expect(zone.format(Date.parse('2025-03-30T00:30:00Z') / 1000)).toBe('2025-03-30T01:30:00+01:00');
    expect(zone.format(Date.parse('2025-03-30T01:30:00Z') / 1000)).toBe('2025-03-30T03:30:00+02:00');
    expect(zone.fromLocal(2025, 7, 1, 3600)).toBe(Date.parse('2025-06-30T23:00:00Z') / 1000);
  });

  it('formats zones behind UTC and on half hours', () => {
    expect(createZone('America/New_York').format(Date.parse('2025-01-15T05:07:09Z') / 1000)).toBe('2025-01-15T00:07:09-05:00');
    expect(createZone('Asia/Kolkata').format(Date.parse('2025-01-15T05:07:09Z') / 1000)).toBe('2025-01-15T10:37:09+05:30');
    expect(createZone('UTC').format(0)).toBe('1970-01-01T00:00:00+00:00');
  });

  it('rejects unknown zones and impossible dates', () => {
    expect(() => createZone('Mars/Olympus')).toThrow('unknown time zone');
    expect(() => parseLocalDate('2025-02-30')).toThrow('not a calendar date');
    expect(parseLocalDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
  });
});
