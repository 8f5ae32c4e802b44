import { workingCalendar } from '@ctp/calendar';
import { describe, expect, it } from 'vitest';
import { nextWorkingInstant, sendTime } from './send-time.js';

/** Shanghai, Monday to Friday 09:00-12:00 and 13:30-18:00; 2026-03-04 is a Wednesday, 2026-03-06 a Friday. */
const calendar = workingCalendar({ timeZone: 'Asia/Shanghai', week: Object.fromEntries([1, 2, 3, 4, 5].map((day) => [day, [{ from: '09:00', to: '12:00' }, { from: '13:30', to: '18:00' }]])) });
const at = (local: string) => Date.parse(`${local}+08:00`);
const iso = (ms: number) => new Date(ms).toISOString();

describe('the next working instant', () => {
  it('given a time inside working hours, then that time', () => {
    expect(iso(nextWorkingInstant(calendar, at('2026-03-04T10:15:00')))).toBe(iso(at('2026-03-04T10:15:00')));
  });

  it('given the lunch break, then the afternoon period’s start', () => {
    expect(iso(nextWorkingInstant(calendar, at('2026-03-04T12:30:00')))).toBe(iso(at('2026-03-04T13:30:00')));
  });

  it('given a weekday night, then the next morning; given Friday evening, then Monday morning', () => {
    expect(iso(nextWorkingInstant(calendar, at('2026-03-04T22:00:00')))).toBe(iso(at('2026-03-05T09:00:00')));
    expect(iso(nextWorkingInstant(calendar, at('2026-03-06T18:00:00')))).toBe(iso(at('2026-03-09T09:00:00')));
  });
});

describe('when a notification goes out', () => {
  it('given an urgent one at night, then at once', () => {
    expect(sendTime(calendar, at('2026-03-04T23:10:00'), { urgent: true, digestMinutes: 30 })).toBe(at('2026-03-04T23:10:00'));
  });

  it('given a 30-minute rhythm, then at the end of its window: twenty raised within it share one send time', () => {
    const times = Array.from({ length: 20 }, (_, index) => sendTime(calendar, at('2026-03-04T10:00:00') + index * 60_000, { urgent: false, digestMinutes: 30 }));
    expect(new Set(times)).toEqual(new Set([at('2026-03-04T10:30:00')]));
  });

  it('given a warning at night, then held until the morning', () => {
    expect(iso(sendTime(calendar, at('2026-03-04T21:40:00'), { urgent: false, digestMinutes: 30 }))).toBe(iso(at('2026-03-05T09:00:00')));
  });

  it('given no rhythm (0 minutes), then at once inside working hours', () => {
    expect(sendTime(calendar, at('2026-03-04T15:00:00'), { urgent: false, digestMinutes: 0 })).toBe(at('2026-03-04T15:00:00'));
  });
});
