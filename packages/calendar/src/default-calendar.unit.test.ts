import { describe, expect, it } from 'vitest';
import { weekdayOf } from './dates.js';
import { defaultCalendarDocument, OFFICIAL_HOLIDAYS_KNOWN_THROUGH } from './default-calendar.js';
import { isWorkingDay } from './working-time.js';
import { shanghai } from './test-support/calendars.js';

describe('given the default calendar (Asia/Shanghai, 国办发明电〔2025〕7号)', () => {
  it('when read then it has the 2026 holidays of the notice, 33 days off in seven breaks', () => {
    const dates = defaultCalendarDocument.holidays.map(({ date }) => date);
    expect(dates).toHaveLength(33);
    expect(dates.filter((date) => date.startsWith('2026-02'))).toEqual(['2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23']);
    expect(new Set(defaultCalendarDocument.holidays.map(({ name }) => name)).size).toBe(7);
  });

  it('when read then its six make-up working days are the weekend days the notice names, worked with office hours', () => {
    expect(defaultCalendarDocument.makeUpDays.map(({ date }) => [date, weekdayOf(date)])).toEqual([
      ['2026-01-04', 7],
      ['2026-02-14', 6],
      ['2026-02-28', 6],
      ['2026-05-09', 6],
      ['2026-09-20', 7],
      ['2026-10-10', 6],
    ]);
    expect(defaultCalendarDocument.makeUpDays.every(({ periods }) => periods.length === 2)).toBe(true);
  });

  it('when asked about days then weekends are off, make-up days worked, and 2027 counts as ordinary weeks until its notice is added', () => {
    const worked = ['2026-01-02', '2026-01-04', '2026-02-13', '2026-02-14', '2026-02-15', '2026-02-24', '2026-03-07', '2026-10-08', '2027-02-08'].filter((date) => isWorkingDay(shanghai, date));
    expect(worked).toEqual(['2026-01-04', '2026-02-13', '2026-02-14', '2026-02-24', '2026-10-08', '2027-02-08']);
    expect(OFFICIAL_HOLIDAYS_KNOWN_THROUGH).toBe('2026-12-31');
  });

  it('when read then it has the time zone, the lunch break and the cut-off it documents', () => {
    expect(defaultCalendarDocument).toMatchObject({ id: 'default', version: 1, timeZone: 'Asia/Shanghai', cutOff: '17:00' });
    expect(defaultCalendarDocument.week.monday).toEqual([{ from: '09:00', to: '12:00' }, { from: '13:30', to: '18:00' }]);
    expect(defaultCalendarDocument.week.saturday).toBeUndefined();
  });
});
