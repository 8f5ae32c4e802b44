import { describe, expect, it } from 'vitest';
import { calendarOf, parseCalendarDocument, type CalendarDocumentInput } from './calendar-document.js';
import { isWorkingDay, workingSpansOn } from './working-time.js';
import { at } from './test-support/calendars.js';

const officeHours = [
  { from: '09:00', to: '12:00' },
  { from: '13:30', to: '18:00' },
];

const valid: CalendarDocumentInput = {
  id: 'shanghai-office',
  version: 3,
  timeZone: 'Asia/Shanghai',
  week: { monday: officeHours, tuesday: officeHours, wednesday: officeHours, thursday: officeHours, friday: officeHours },
  holidays: [{ date: '2026-05-01', name: '劳动节' }],
  makeUpDays: [{ date: '2026-05-09', name: '劳动节 补班', periods: [{ from: '10:00', to: '16:00' }] }],
  overrides: [
    { date: '2026-05-13', periods: [], reason: 'office move' },
    { date: '2026-05-14', periods: [{ from: '09:00', to: '12:00' }] },
  ],
  cutOff: '17:00',
};

const problemsOf = (input: unknown) => {
  const parsed = parseCalendarDocument(input);
  return parsed.ok ? [] : parsed.problems;
};

describe('given a calendar document', () => {
  it('when it is valid then it parses, with empty lists where none were given', () => {
    const parsed = parseCalendarDocument({ id: 'minimal', version: 1, timeZone: 'UTC', week: {} });
    expect(parsed).toEqual({ ok: true, document: { id: 'minimal', version: 1, timeZone: 'UTC', week: {}, holidays: [], makeUpDays: [], overrides: [] } });
  });

  it('when it becomes a calendar then holidays close, make-up days and overrides work their own periods', () => {
    const parsed = parseCalendarDocument(valid);
    if (!parsed.ok) throw new Error('expected a valid document');
    const calendar = calendarOf(parsed.document);
    expect(calendar.version).toBe(3);
    expect(isWorkingDay(calendar, '2026-05-01')).toBe(false);
    expect(workingSpansOn(calendar, '2026-05-09')).toEqual([{ start: at('2026-05-09T10:00:00+08:00'), end: at('2026-05-09T16:00:00+08:00') }]);
    expect(isWorkingDay(calendar, '2026-05-13')).toBe(false);
    expect(workingSpansOn(calendar, '2026-05-14')).toEqual([{ start: at('2026-05-14T09:00:00+08:00'), end: at('2026-05-14T12:00:00+08:00') }]);
    expect(workingSpansOn(calendar, '2026-05-15')).toHaveLength(2);
  });

  it('when periods run backwards or overlap then each problem names the period', () => {
    const week = { monday: [{ from: '09:00', to: '12:00' }, { from: '11:00', to: '14:00' }], tuesday: [{ from: '18:00', to: '09:00' }] };
    expect(problemsOf({ ...valid, week })).toEqual([
      { path: 'week.monday[1]', message: 'overlaps period 0 (09:00-12:00)' },
      { path: 'week.tuesday[0].to', message: "must be after the period's start 18:00" },
    ]);
  });

  it('when the zone, times, dates, id or version are wrong then every bad field is named at once', () => {
    const problems = problemsOf({
      ...valid,
      id: 'Shanghai Office',
      version: 0,
      timeZone: 'Asia/Beijing',
      cutOff: '25:00',
      holidays: [{ date: '2026-02-30', name: 'nonsense' }, { date: '2026/05/01', name: '' }],
      week: { monday: [{ from: '9:00', to: '12:00' }], funday: [] },
    });
    expect(problems.map(({ path }) => path).sort()).toEqual(
      ['id', 'version', 'timeZone', 'cutOff', 'holidays[0].date', 'holidays[1].date', 'holidays[1].name', 'week.monday[0].from', 'week'].sort(),
    );
    expect(problems.find(({ path }) => path === 'timeZone')?.message).toBe('is not an IANA time zone');
    expect(problems.find(({ path }) => path === 'holidays[0].date')?.message).toBe('must be a calendar date YYYY-MM-DD');
  });

  it('when a date is listed twice, in one list or across lists, then the later entry is named with the earlier one', () => {
    const problems = problemsOf({
      ...valid,
      holidays: [{ date: '2026-05-01', name: '劳动节' }, { date: '2026-05-01', name: 'again' }],
      makeUpDays: [{ date: '2026-05-01', name: '补班', periods: officeHours }],
      overrides: [{ date: '2026-05-09', periods: [] }, { date: '2026-05-09', periods: [] }],
    });
    expect(problems).toEqual([
      { path: 'holidays[1].date', message: '2026-05-01 is already listed at holidays[0]' },
      { path: 'makeUpDays[0].date', message: '2026-05-01 is already listed at holidays[0]' },
      { path: 'overrides[1].date', message: '2026-05-09 is already listed at overrides[0]' },
    ]);
  });

  it('when a make-up day has no periods or a field is unknown then it is refused', () => {
    const problems = problemsOf({ ...valid, makeUpDays: [{ date: '2026-05-09', name: '补班', periods: [] }], colour: 'red' });
    expect(problems).toEqual([
      { path: 'makeUpDays[0].periods', message: 'a make-up working day needs working periods' },
      expect.objectContaining({ path: '', message: expect.stringContaining('colour') }),
    ]);
  });

  it('when the document is not even the right shape then the problems are named, not thrown', () => {
    expect(problemsOf({ id: 'x', version: 'one', timeZone: 'UTC', week: [], holidays: 'none', makeUpDays: [{ date: 20260101 }] }).map(({ path }) => path)).toEqual([
      'version',
      'week',
      'holidays',
      'makeUpDays[0].date',
      'makeUpDays[0].name',
      'makeUpDays[0].periods',
    ]);
    expect(problemsOf(null)).toEqual([expect.objectContaining({ path: '' })]);
  });
});
