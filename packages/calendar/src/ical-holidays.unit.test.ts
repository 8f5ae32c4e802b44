import { describe, expect, it } from 'vitest';
import { calendarOf, parseCalendarDocument } from './calendar-document.js';
import { importHolidays } from './ical-holidays.js';
import { isWorkingDay } from './working-time.js';

const crlf = (...lines: string[]) => lines.join('\r\n') + '\r\n';

const feed = crlf(
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Example//Holidays//EN',
  'BEGIN:VEVENT',
  'UID:spring-festival-2026',
  'DTSTART;VALUE=DATE:20260215',
  'DTEND;VALUE=DATE:20260224',
  'SUMMARY:春节 Spring',
  '  Festival',
  'BEGIN:VALARM',
  'ACTION:DISPLAY',
  'SUMMARY:not the event',
  'END:VALARM',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'DTSTART;VALUE=DATE:20260501',
  'SUMMARY:Labour Day\\, 劳动节',
  'END:VEVENT',
  'END:VCALENDAR',
);

describe('given an iCalendar file of holidays', () => {
  it('when events are all-day then each day from DTSTART up to the exclusive DTEND is a holiday, one day without DTEND', () => {
    const imported = importHolidays(feed);
    if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
    expect(imported.holidays.map(({ date }) => date)).toEqual(['2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23', '2026-05-01']);
    expect(imported.holidays[0]?.name).toBe('春节 Spring Festival');
    expect(imported.holidays[9]?.name).toBe('Labour Day, 劳动节');
  });

  it('when lines end in LF only and DTSTART has no VALUE parameter then it is read the same', () => {
    const imported = importHolidays(['BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'DTSTART:20261001', 'DTEND:20261003', 'SUMMARY:National Day', 'END:VEVENT', 'END:VCALENDAR'].join('\n'));
    expect(imported).toEqual({ ok: true, holidays: [{ date: '2026-10-01', name: 'National Day' }, { date: '2026-10-02', name: 'National Day' }] });
  });

  it('when imported into a calendar document then those days are closed', () => {
    const imported = importHolidays(feed);
    if (!imported.ok) throw new Error('expected holidays');
    const parsed = parseCalendarDocument({ id: 'imported', version: 1, timeZone: 'Asia/Shanghai', week: { friday: [{ from: '09:00', to: '17:00' }] }, holidays: imported.holidays });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    expect(isWorkingDay(calendarOf(parsed.document), '2026-05-01')).toBe(false);
    expect(isWorkingDay(calendarOf(parsed.document), '2026-05-08')).toBe(true);
  });

  it('when events are timed, backwards, unnamed or overlapping then every problem names its event and field', () => {
    const imported = importHolidays(
      crlf(
        'BEGIN:VCALENDAR',
        'BEGIN:VEVENT',
        'DTSTART:20260101T090000Z',
        'SUMMARY:meeting',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'DTSTART;VALUE=DATE:20260105',
        'DTEND;VALUE=DATE:20260105',
        'SUMMARY:nothing',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'DTSTART;VALUE=DATE:20260231',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'DTSTART;VALUE=DATE:20260301',
        'DTEND;VALUE=DATE:20260303',
        'SUMMARY:first',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'DTSTART;VALUE=DATE:20260302',
        'SUMMARY:second',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'SUMMARY:no end',
        'END:VCALENDAR',
      ),
    );
    expect(imported).toEqual({
      ok: false,
      problems: [
        { path: 'VEVENT[0].DTSTART', message: 'line 3: 20260101T090000Z is not an all-day date (DTSTART;VALUE=DATE:YYYYMMDD)' },
        { path: 'VEVENT[1].DTEND', message: 'line 8: must be after DTSTART (DTEND is the first day after the event)' },
        { path: 'VEVENT[2].DTSTART', message: 'line 12: 20260231 is not an all-day date (DTSTART;VALUE=DATE:YYYYMMDD)' },
        { path: 'VEVENT[2].SUMMARY', message: 'is missing' },
        { path: 'VEVENT[4].DTSTART', message: '2026-03-02 is already a holiday in VEVENT[3]' },
        { path: 'VEVENT[5]', message: 'has no END:VEVENT' },
      ],
    });
  });

  it('when the text is not a calendar or has no events then it says so', () => {
    expect(importHolidays('hello')).toEqual({ ok: false, problems: [{ path: 'VCALENDAR', message: 'the file does not begin with BEGIN:VCALENDAR' }] });
    expect(importHolidays(crlf('BEGIN:VCALENDAR', 'END:VCALENDAR'))).toEqual({ ok: false, problems: [{ path: 'VEVENT', message: 'the file has no events' }] });
  });
});
