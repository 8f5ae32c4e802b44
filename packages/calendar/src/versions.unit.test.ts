import { describe, expect, it } from 'vitest';
import { calendarTimeline, workingTime, type CalendarTimeline } from './counting.js';
import { deadline } from './deadlines.js';
import { at, calendarFrom, hours } from './test-support/calendars.js';

const lunchAt12 = [
  { from: '09:00', to: '12:00' },
  { from: '13:30', to: '18:00' },
];
const earlyLunch = [
  { from: '09:00', to: '12:00' },
  { from: '13:00', to: '17:00' },
];
const weekdays = (periods: typeof lunchAt12) => ({ monday: periods, tuesday: periods, wednesday: periods, thursday: periods, friday: periods });

const version1 = calendarFrom({ id: 'office', version: 1, timeZone: 'Asia/Shanghai', week: weekdays(lunchAt12) });
const version2 = calendarFrom({ id: 'office', version: 2, timeZone: 'Asia/Shanghai', week: weekdays(earlyLunch), holidays: [{ date: '2026-03-05', name: 'company day' }] });
const changedAt = at('2026-03-04T10:00:00+08:00');
const timeline: CalendarTimeline = calendarTimeline([
  { effectiveFrom: at('2026-01-01T00:00:00+08:00'), calendar: version1 },
  { effectiveFrom: changedAt, calendar: version2 },
]);

describe('given a calendar edited mid-case (version 2 from Wednesday 4 March 10:00: lunch 12:00-13:00, close 17:00, Thursday off)', () => {
  it('when business time is counted then time before the change stays on version 1 and the rest counts on version 2', () => {
    const result = deadline(timeline, at('2026-03-03T17:00:00+08:00'), 'PT6H');
    expect(result.at).toBe(at('2026-03-04T15:00:00+08:00'));
    expect(result.versions).toEqual([1, 2]);
    expect(result.segments).toEqual([
      { start: at('2026-03-03T17:00:00+08:00'), end: at('2026-03-03T18:00:00+08:00'), version: 1 },
      { start: at('2026-03-04T09:00:00+08:00'), end: changedAt, version: 1 },
      { start: changedAt, end: at('2026-03-04T12:00:00+08:00'), version: 2 },
      { start: at('2026-03-04T13:00:00+08:00'), end: at('2026-03-04T15:00:00+08:00'), version: 2 },
    ]);
  });

  it('when the time before the change is measured again then it is what version 1 counted: the past is not rewritten', () => {
    const from = at('2026-03-02T09:00:00+08:00');
    expect(workingTime(timeline, from, changedAt)).toEqual(workingTime(version1, from, changedAt));
    expect(workingTime(timeline, from, changedAt).ms).toBe(hours(7.5 * 2 + 1));
  });

  it('when working days are counted then each day is judged by the version in effect when it began', () => {
    const result = deadline(timeline, at('2026-03-03T10:00:00+08:00'), '2 working days');
    expect(result.at).toBe(at('2026-03-06T17:00:00+08:00'));
    expect(result.versions).toEqual([1, 2]);
    expect(deadline(version1, at('2026-03-03T10:00:00+08:00'), '2 working days').at).toBe(at('2026-03-05T18:00:00+08:00'));
  });

  it('when a case starts after the change then only version 2 counts', () => {
    expect(deadline(timeline, at('2026-03-06T16:00:00+08:00'), 'PT2H')).toMatchObject({ at: at('2026-03-09T10:00:00+08:00'), versions: [2] });
  });

  it('when nothing is counted then the version in effect at the start is the one recorded', () => {
    expect(workingTime(timeline, at('2026-03-07T10:00:00+08:00'), at('2026-03-07T11:00:00+08:00'))).toEqual({ ms: 0, segments: [], versions: [2] });
  });

  it('when time before the first version is counted then the first version covers it (a case opened before the calendar was published)', () => {
    const result = workingTime(timeline, at('2025-12-31T17:00:00+08:00'), at('2026-01-01T10:00:00+08:00'));
    expect(result.ms).toBe(hours(2));
    expect(result.segments).toEqual([
      { start: at('2025-12-31T17:00:00+08:00'), end: at('2025-12-31T18:00:00+08:00'), version: 1 },
      { start: at('2026-01-01T09:00:00+08:00'), end: at('2026-01-01T10:00:00+08:00'), version: 1 },
    ]);
    expect(deadline(timeline, at('2025-12-31T17:30:00+08:00'), 'PT1H').at).toBe(at('2026-01-01T09:30:00+08:00'));
  });

  it('when versions are out of order then the timeline is refused', () => {
    expect(() => calendarTimeline([])).toThrow('at least one version');
    expect(() => calendarTimeline([{ effectiveFrom: changedAt, calendar: version1 }, { effectiveFrom: changedAt, calendar: version2 }])).toThrow('version 2 must take effect after version 1');
    expect(() => calendarTimeline([{ effectiveFrom: 0, calendar: version2 }, { effectiveFrom: changedAt, calendar: version1 }])).toThrow('version 1 must be greater than version 2');
  });

  it('when a version closes everything for a while then business time waits for the version after it', () => {
    const closed = calendarFrom({ id: 'office', version: 2, timeZone: 'Asia/Shanghai', week: {} });
    const reopened = calendarFrom({ id: 'office', version: 3, timeZone: 'Asia/Shanghai', week: weekdays(lunchAt12) });
    const renovation = calendarTimeline([
      { effectiveFrom: -Infinity, calendar: version1 },
      { effectiveFrom: at('2026-03-04T00:00:00+08:00'), calendar: closed },
      { effectiveFrom: at('2026-03-09T12:30:00+08:00'), calendar: reopened },
    ]);
    expect(deadline(renovation, at('2026-03-03T17:00:00+08:00'), 'PT2H')).toMatchObject({ at: at('2026-03-09T14:30:00+08:00'), versions: [1, 3] });
    expect(deadline(renovation, at('2026-03-03T17:00:00+08:00'), '1 working day').at).toBe(at('2026-03-10T18:00:00+08:00'));
  });
});
