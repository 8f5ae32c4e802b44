import { describe, expect, it } from 'vitest';
import { workingTime } from './counting.js';
import { deadline } from './deadlines.js';
import { at, calendarFrom, hours, minutes, newYork, shanghai } from './test-support/calendars.js';

const due = (start: string, duration: string) => deadline(shanghai, at(start), duration).at;

describe('given the default Shanghai calendar around the 2026 Spring Festival (15 to 23 February off, Saturdays 14 and 28 February worked)', () => {
  it('when a case opens at 17:55 on the eve of the holiday then business time resumes on the make-up Saturday', () => {
    const result = deadline(shanghai, at('2026-02-13T17:55:00+08:00'), 'PT2H');
    expect(result.at).toBe(at('2026-02-14T10:55:00+08:00'));
    expect(result.segments).toEqual([
      { start: at('2026-02-13T17:55:00+08:00'), end: at('2026-02-13T18:00:00+08:00'), version: 1 },
      { start: at('2026-02-14T09:00:00+08:00'), end: at('2026-02-14T10:55:00+08:00'), version: 1 },
    ]);
  });

  it('when a target runs past the make-up Saturday then the nine days off do not count', () => {
    expect(due('2026-02-13T17:55:00+08:00', 'PT8H')).toBe(at('2026-02-24T09:25:00+08:00'));
  });

  it('when 3 working days start after the 17:00 cut-off on the eve then they count from the make-up Saturday', () => {
    const result = deadline(shanghai, at('2026-02-13T17:55:00+08:00'), '3 working days');
    expect(result.at).toBe(at('2026-02-26T18:00:00+08:00'));
    expect(result.countedFrom).toBe(at('2026-02-14T09:00:00+08:00'));
  });

  it('when the working time over the holiday is measured then only the eve, the make-up Saturday and the first day back count', () => {
    const counted = workingTime(shanghai, at('2026-02-13T09:00:00+08:00'), at('2026-02-24T10:00:00+08:00'));
    expect(counted.ms).toBe(hours(7.5 + 7.5 + 1));
    expect(counted.segments.map(({ start }) => new Date(start).toISOString())).toEqual([
      '2026-02-13T01:00:00.000Z',
      '2026-02-13T05:30:00.000Z',
      '2026-02-14T01:00:00.000Z',
      '2026-02-14T05:30:00.000Z',
      '2026-02-24T01:00:00.000Z',
    ]);
  });

  it('when a case opens on the make-up Saturday then that Saturday is a working day', () => {
    expect(due('2026-02-28T10:00:00+08:00', 'PT1H')).toBe(at('2026-02-28T11:00:00+08:00'));
    expect(due('2026-02-28T10:00:00+08:00', '1 working day')).toBe(at('2026-03-02T18:00:00+08:00'));
  });
});

describe('given intake and the 17:00 cut-off', () => {
  it('when intake is before the cut-off then the day counts; at or after it the next working day does', () => {
    expect(due('2026-03-04T16:59:59+08:00', '1 working day')).toBe(at('2026-03-05T18:00:00+08:00'));
    expect(due('2026-03-04T17:00:00+08:00', '1 working day')).toBe(at('2026-03-06T18:00:00+08:00'));
    expect(due('2026-03-06T17:30:00+08:00', '1 working day')).toBe(at('2026-03-10T18:00:00+08:00'));
  });

  it('when intake is on a public holiday then it counts from the first working day after it', () => {
    expect(due('2026-10-03T10:00:00+08:00', '0 working days')).toBe(at('2026-10-08T18:00:00+08:00'));
    expect(due('2026-10-03T10:00:00+08:00', '2 working days')).toBe(at('2026-10-10T18:00:00+08:00'));
    expect(due('2026-10-03T10:00:00+08:00', 'PT1H')).toBe(at('2026-10-08T10:00:00+08:00'));
  });

  it('when intake is before opening on a working day then that day counts from its opening', () => {
    const result = deadline(shanghai, at('2026-03-04T07:00:00+08:00'), '0 working days');
    expect(result).toMatchObject({ at: at('2026-03-04T18:00:00+08:00'), countedFrom: at('2026-03-04T09:00:00+08:00') });
  });

  it('when business time is counted then the cut-off plays no part', () => {
    expect(due('2026-03-04T17:30:00+08:00', 'PT30M')).toBe(at('2026-03-04T18:00:00+08:00'));
  });
});

describe('given the lunch break from 12:00 to 13:30', () => {
  it('when a target crosses lunch then lunch does not count', () => {
    expect(due('2026-03-02T11:45:00+08:00', 'PT30M')).toBe(at('2026-03-02T13:45:00+08:00'));
    expect(workingTime(shanghai, at('2026-03-02T11:00:00+08:00'), at('2026-03-02T14:00:00+08:00')).ms).toBe(hours(1.5));
  });

  it('when intake is exactly 12:00 or exactly 13:30 then counting starts at 13:30', () => {
    expect(due('2026-03-02T12:00:00+08:00', 'PT30M')).toBe(at('2026-03-02T14:00:00+08:00'));
    expect(due('2026-03-02T13:30:00+08:00', 'PT30M')).toBe(at('2026-03-02T14:00:00+08:00'));
    expect(workingTime(shanghai, at('2026-03-02T12:00:00+08:00'), at('2026-03-02T13:30:00+08:00')).ms).toBe(0);
  });

  it('when a target ends exactly at 12:00 then the deadline is 12:00, not 13:30', () => {
    expect(due('2026-03-02T11:00:00+08:00', 'PT1H')).toBe(at('2026-03-02T12:00:00+08:00'));
  });

  it('when a target ends exactly at close of business then the deadline is that close, not the next opening', () => {
    expect(due('2026-03-02T16:00:00+08:00', 'PT2H')).toBe(at('2026-03-02T18:00:00+08:00'));
    expect(due('2026-03-06T09:00:00+08:00', 'PT7H30M')).toBe(at('2026-03-06T18:00:00+08:00'));
  });
});

describe('given a zero target', () => {
  it('when it starts in working time then it is due at once; outside it, at the next opening', () => {
    expect(due('2026-03-02T10:00:00+08:00', 'PT0S')).toBe(at('2026-03-02T10:00:00+08:00'));
    expect(due('2026-03-02T20:00:00+08:00', 'PT0S')).toBe(at('2026-03-03T09:00:00+08:00'));
    expect(deadline(shanghai, at('2026-03-02T20:00:00+08:00'), { basis: 'calendar', ms: 0 }).at).toBe(at('2026-03-02T20:00:00+08:00'));
  });

  it('when it is 0 working days then it is due at close of the day intake counts from', () => {
    expect(due('2026-03-02T10:00:00+08:00', '0 working days')).toBe(at('2026-03-02T18:00:00+08:00'));
  });
});

describe('given calendar time', () => {
  it('when the target is in calendar time then nights and holidays count like any other time', () => {
    const result = deadline(shanghai, at('2026-02-13T17:55:00+08:00'), { basis: 'calendar', ms: hours(24) });
    expect(result).toMatchObject({ at: at('2026-02-14T17:55:00+08:00'), versions: [1] });
  });
});

describe('given America/New_York, where clocks go forward on Sunday 8 March 2026', () => {
  it('when a target crosses the change then the working day still starts at 09:00 local, an hour earlier in UTC', () => {
    expect(deadline(newYork, at('2026-03-06T16:00:00-05:00'), 'PT2H').at).toBe(at('2026-03-09T10:00:00-04:00'));
    expect(workingTime(newYork, at('2026-03-06T09:00:00-05:00'), at('2026-03-09T17:00:00-04:00')).ms).toBe(hours(16));
  });

  it('when the target is in calendar time then it is elapsed time, so the wall clock moves an hour more', () => {
    expect(deadline(newYork, at('2026-03-06T12:00:00-05:00'), { basis: 'calendar', ms: hours(72) }).at).toBe(at('2026-03-09T13:00:00-04:00'));
  });

  it('when a round-the-clock calendar is measured over the change day then that day has 23 hours', () => {
    const allDay = [{ from: '00:00', to: '24:00' }];
    const support = calendarFrom({ id: 'support', version: 1, timeZone: 'America/New_York', week: { saturday: allDay, sunday: allDay } });
    expect(workingTime(support, at('2026-03-08T00:00:00-05:00'), at('2026-03-09T00:00:00-04:00')).ms).toBe(hours(23));
    expect(deadline(support, at('2026-03-08T01:30:00-05:00'), 'PT1H').at).toBe(at('2026-03-08T03:30:00-04:00'));
  });

  it('when the clocks go back on 1 November 2026 then that day has 25 hours', () => {
    const support = calendarFrom({ id: 'support', version: 1, timeZone: 'America/New_York', week: { sunday: [{ from: '00:00', to: '24:00' }] } });
    expect(workingTime(support, at('2026-11-01T00:00:00-04:00'), at('2026-11-02T00:00:00-05:00')).ms).toBe(hours(25));
  });
});

describe('given Asia/Shanghai, which has no daylight saving', () => {
  it('when a target runs over a week end then every working day has its 7.5 hours', () => {
    expect(due('2026-03-06T17:00:00+08:00', 'PT15H')).toBe(at('2026-03-10T17:00:00+08:00'));
    expect(workingTime(shanghai, at('2026-03-09T00:00:00+08:00'), at('2026-03-10T00:00:00+08:00')).ms).toBe(minutes(450));
  });
});

describe('given a target that is not a length of time', () => {
  it('when it is negative or fractional then it is refused, not counted', () => {
    expect(() => deadline(shanghai, at('2026-03-02T10:00:00+08:00'), { basis: 'business', ms: -1 })).toThrow(RangeError);
    expect(() => deadline(shanghai, at('2026-03-02T10:00:00+08:00'), { basis: 'workingDays', days: 1.5 })).toThrow(RangeError);
    expect(() => deadline(shanghai, at('2026-03-02T10:00:00+08:00'), 'P1D')).toThrow('write days as "N working days"');
  });
});
