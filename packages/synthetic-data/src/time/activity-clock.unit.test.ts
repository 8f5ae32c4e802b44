import { isoDateTimeIn } from '@ctp/calendar';
import { describe, expect, it } from 'vitest';
import { createActivityClock } from './activity-clock.js';

const clock = createActivityClock('Asia/Shanghai', '2025-01-01', '2026-01-01');
const at = (iso: string): number => Date.parse(iso) / 1000;

describe('activity clock', () => {
  it('spans local midnight to local midnight, about one activity day per day', () => {
    expect(isoDateTimeIn(clock.start * 1000, clock.timeZone)).toBe('2025-01-01T00:00:00+08:00');
    expect(isoDateTimeIn(clock.end * 1000, clock.timeZone)).toBe('2026-01-01T00:00:00+08:00');
    expect(clock.totalPosition).toBeCloseTo(365, -1);
  });

  it('maps positions back to the instants they came from', () => {
    for (const iso of ['2025-03-04T10:15:00+08:00', '2025-11-11T23:59:00+08:00', '2025-06-18T03:00:00+08:00']) {
      expect(Math.abs(clock.instant(clock.position(at(iso))) - at(iso))).toBeLessThanOrEqual(1);
    }
  });

  it('weighs Double 11 above an ordinary day and a night hour below a morning one', () => {
    const day = (iso: string): number => clock.position(at(iso) + 86_400) - clock.position(at(iso));
    expect(day('2025-11-11T00:00:00+08:00')).toBeGreaterThan(3 * day('2025-03-12T00:00:00+08:00'));
    const hour = (iso: string): number => clock.position(at(iso) + 3600) - clock.position(at(iso));
    expect(hour('2025-03-12T10:00:00+08:00')).toBeGreaterThan(10 * hour('2025-03-12T03:00:00+08:00'));
  });

  it('moves forward by at least a second and stops at the end', () => {
    const t = at('2025-05-05T12:00:00+08:00');
    expect(clock.after(t, 0)).toBe(t + 1);
    expect(clock.after(t, 1)).toBeGreaterThan(t + 3600);
    expect(clock.after(t, 400)).toBe(Infinity);
  });

  it('refuses an empty window', () => {
    expect(() => createActivityClock('Asia/Shanghai', '2025-01-01', '2025-01-01')).toThrow('at least one day');
  });
});
