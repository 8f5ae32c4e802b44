import { describe, expect, it } from 'vitest';
import { instantIn } from './time-zones.js';
import { addWorkingTime, workingDaysDeadline, workingTimeBetween } from './counting.js';
import { isWorkingDay, workingCalendar, WorkingCalendarError, workingSpansOn, type WorkingPeriodSpec } from './working-time.js';

const at = (text: string) => Date.parse(text);
const hours = (count: number) => count * 3_600_000;
const officeHours: WorkingPeriodSpec[] = [
  { from: '09:00', to: '12:00' },
  { from: '13:00', to: '18:00' },
];

/** Shanghai office hours around National Day 2025: 1 to 8 October off, Sunday 28 September and Saturday 11 October worked. */
const shanghai = workingCalendar({
  week: { 1: officeHours, 2: officeHours, 3: officeHours, 4: officeHours, 5: officeHours },
  holidays: ['2025-10-01', '2025-10-02', '2025-10-03', '2025-10-04', '2025-10-05', '2025-10-06', '2025-10-07', '2025-10-08'],
  makeUpDays: ['2025-09-28', '2025-10-11'],
});

describe('given a calendar with public holidays and make-up working days (调休 / 补班)', () => {
  it('when asking which days are worked then holidays are off and make-up days are worked, whatever their weekday', () => {
    const days = ['2025-09-26', '2025-09-27', '2025-09-28', '2025-09-30', '2025-10-01', '2025-10-08', '2025-10-09', '2025-10-11', '2025-10-12'];
    expect(days.filter((date) => isWorkingDay(shanghai, date))).toEqual(['2025-09-26', '2025-09-28', '2025-09-30', '2025-10-09', '2025-10-11']);
  });

  it('when a make-up Sunday is worked then it has the periods of a Monday, in Shanghai time', () => {
    expect(workingSpansOn(shanghai, '2025-09-28')).toEqual([
      { start: at('2025-09-28T09:00:00+08:00'), end: at('2025-09-28T12:00:00+08:00') },
      { start: at('2025-09-28T13:00:00+08:00'), end: at('2025-09-28T18:00:00+08:00') },
    ]);
  });
});

describe('given a target of N working days', () => {
  it('when intake is on a working day before close then the deadline is close of business N working days later', () => {
    expect(workingDaysDeadline(shanghai, at('2025-09-23T10:00:00+08:00'), 3)).toBe(at('2025-09-26T18:00:00+08:00'));
  });

  it('when intake is after close of business then it counts from the next working day, here a make-up Sunday', () => {
    expect(workingDaysDeadline(shanghai, at('2025-09-23T18:00:00+08:00'), 3)).toBe(at('2025-09-28T18:00:00+08:00'));
  });

  it('when intake is on a day off then it counts from the next working day', () => {
    expect(workingDaysDeadline(shanghai, at('2025-09-27T11:00:00+08:00'), 1)).toBe(at('2025-09-29T18:00:00+08:00'));
    expect(workingDaysDeadline(shanghai, at('2025-09-27T11:00:00+08:00'), 0)).toBe(at('2025-09-28T18:00:00+08:00'));
  });

  it('when the days span a public holiday then the holiday does not count', () => {
    expect(workingDaysDeadline(shanghai, at('2025-09-30T10:00:00+08:00'), 1)).toBe(at('2025-10-09T18:00:00+08:00'));
    expect(workingDaysDeadline(shanghai, at('2025-09-30T10:00:00+08:00'), 3)).toBe(at('2025-10-11T18:00:00+08:00'));
  });

  it('when a daily cut-off is set then intake at or after it counts from the next working day', () => {
    const withCutOff = workingCalendar({ week: { 1: officeHours, 2: officeHours, 3: officeHours }, cutOff: '16:00' });
    expect(workingDaysDeadline(withCutOff, at('2025-09-22T15:59:00+08:00'), 1)).toBe(at('2025-09-23T18:00:00+08:00'));
    expect(workingDaysDeadline(withCutOff, at('2025-09-22T16:00:00+08:00'), 1)).toBe(at('2025-09-24T18:00:00+08:00'));
  });
});

describe('given working time measured in hours', () => {
  it('when the span crosses lunch and the night then only working periods count', () => {
    expect(workingTimeBetween(shanghai, at('2025-09-22T11:00:00+08:00'), at('2025-09-22T14:00:00+08:00'))).toBe(hours(2));
    expect(workingTimeBetween(shanghai, at('2025-09-22T17:00:00+08:00'), at('2025-09-23T10:00:00+08:00'))).toBe(hours(2));
    expect(workingTimeBetween(shanghai, at('2025-09-27T10:00:00+08:00'), at('2025-09-27T20:00:00+08:00'))).toBe(0);
  });

  it('when adding working time then the target skips lunch, nights, weekends and holidays', () => {
    expect(addWorkingTime(shanghai, at('2025-09-22T11:30:00+08:00'), hours(1))).toBe(at('2025-09-22T13:30:00+08:00'));
    expect(addWorkingTime(shanghai, at('2025-09-26T17:00:00+08:00'), hours(2))).toBe(at('2025-09-28T10:00:00+08:00'));
    expect(addWorkingTime(shanghai, at('2025-09-30T17:30:00+08:00'), hours(1))).toBe(at('2025-10-09T09:30:00+08:00'));
    expect(addWorkingTime(shanghai, at('2025-09-27T03:00:00+08:00'), 0)).toBe(at('2025-09-28T09:00:00+08:00'));
  });

  it('when added and measured back then the working time is the same', () => {
    const from = at('2025-09-29T16:45:00+08:00');
    expect(workingTimeBetween(shanghai, from, addWorkingTime(shanghai, from, hours(27)))).toBe(hours(27));
  });
});

describe('given a zone with daylight saving time', () => {
  const berlin = workingCalendar({ timeZone: 'Europe/Berlin', week: { 1: [{ from: '09:00', to: '17:00' }], 5: [{ from: '09:00', to: '17:00' }] } });

  it('when summer time begins then the working day begins an hour earlier in UTC', () => {
    expect(workingSpansOn(berlin, '2025-03-28')).toEqual([{ start: at('2025-03-28T08:00:00Z'), end: at('2025-03-28T16:00:00Z') }]);
    expect(workingSpansOn(berlin, '2025-03-31')).toEqual([{ start: at('2025-03-31T07:00:00Z'), end: at('2025-03-31T15:00:00Z') }]);
  });

  it('when a wall time is skipped or shown twice then it lands after the jump, or on its first showing', () => {
    expect(instantIn('2025-03-30', 150, 'Europe/Berlin')).toBe(at('2025-03-30T01:30:00Z'));
    expect(instantIn('2025-10-26', 150, 'Europe/Berlin')).toBe(at('2025-10-26T00:30:00Z'));
    expect(instantIn('2025-10-26', 1440, 'Europe/Berlin')).toBe(at('2025-10-26T23:00:00Z'));
  });
});

describe('given a calendar that cannot work', () => {
  it('when periods are backwards, overlap, or are not wall times then it is refused with the reason', () => {
    expect(() => workingCalendar({ week: { 1: [{ from: '18:00', to: '09:00' }] } })).toThrow('weekday 1: a period must end after it starts');
    expect(() => workingCalendar({ week: { 2: [{ from: '09:00', to: '12:00' }, { from: '11:00', to: '14:00' }] } })).toThrow('weekday 2: periods overlap');
    expect(() => workingCalendar({ week: { 3: [{ from: '9:00', to: '25:00' }] } })).toThrow(WorkingCalendarError);
  });

  it('when the zone is unknown or make-up days have no hours to work then it is refused', () => {
    expect(() => workingCalendar({ timeZone: 'Asia/Beijing', week: {} })).toThrow('Asia/Beijing is not an IANA time zone');
    expect(() => workingCalendar({ week: { 2: officeHours }, makeUpDays: ['2025-09-28'] })).toThrow('make-up days work as weekday 1, which has no periods');
  });

  it('when no day is ever worked then a deadline is an error, not an endless search', () => {
    expect(() => workingDaysDeadline(workingCalendar({ week: {} }), at('2025-09-22T10:00:00+08:00'), 1)).toThrow('no working day within 732 days after 2025-09-22');
  });
});
