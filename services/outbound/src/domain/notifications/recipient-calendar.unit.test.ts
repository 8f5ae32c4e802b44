import { defaultCalendarDocument, type CalendarDocument } from '@ctp/calendar';
import { describe, expect, it } from 'vitest';
import { recipientCalendar } from './recipient-calendar.js';
import { sendTime } from './send-time.js';

/** A Berlin office, Monday to Friday 08:00-16:00; 2026-03-04 is a Wednesday. */
const berlin: CalendarDocument = { ...defaultCalendarDocument, id: 'berlin', version: 1, timeZone: 'Europe/Berlin', week: Object.fromEntries(['monday', 'tuesday', 'wednesday', 'thursday', 'friday'].map((day) => [day, [{ from: '08:00', to: '16:00' }]])), holidays: [], makeUpDays: [], overrides: [] };
const withHoliday: CalendarDocument = { ...berlin, version: 2, holidays: [{ date: '2026-03-05', name: 'office closed' }] };
const at = (iso: string) => Date.parse(iso);
const digest = { urgent: false, digestMinutes: 30 };

describe('the working hours a recipient’s notifications are held to', () => {
  it('given no calendar of their own, then the business calendar in their time zone', () => {
    const calendar = recipientCalendar('Europe/Berlin', [], at('2026-03-04T12:00:00Z'));
    expect(calendar.timeZone).toBe('Europe/Berlin');
    expect(new Date(sendTime(calendar, at('2026-03-04T20:40:00+01:00'), digest)).toISOString()).toBe(new Date(at('2026-03-05T09:00:00+01:00')).toISOString());
  });

  it('given their own calendar, then its zone and hours: a warning at 16:10 Berlin goes at 08:00 the next morning', () => {
    const calendar = recipientCalendar('Asia/Shanghai', [{ calendar: berlin, effectiveFrom: '2026-01-01T00:00:00Z' }], at('2026-03-04T15:10:00Z'));
    expect(new Date(sendTime(calendar, at('2026-03-04T16:10:00+01:00'), digest)).toISOString()).toBe(new Date(at('2026-03-05T08:00:00+01:00')).toISOString());
  });

  it('given a later version closing the next day, then the version in effect when the notification is raised decides', () => {
    const versions = [{ calendar: berlin, effectiveFrom: '2026-01-01T00:00:00Z' }, { calendar: withHoliday, effectiveFrom: '2026-03-02T00:00:00Z' }];
    expect(new Date(sendTime(recipientCalendar('UTC', versions, at('2026-03-04T15:10:00Z')), at('2026-03-04T16:10:00+01:00'), digest)).toISOString()).toBe(new Date(at('2026-03-06T08:00:00+01:00')).toISOString());
    expect(recipientCalendar('UTC', versions, at('2026-03-01T12:00:00Z')).version).toBe(1);
  });
});
