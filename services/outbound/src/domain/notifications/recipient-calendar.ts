import { calendarAt, calendarOf, defaultCalendarDocument, publishedTimeline, type PublishedCalendarVersion, type WorkingCalendar } from '@ctp/calendar';

/**
 * The working hours a recipient's notifications are held to at `at`: the version of their own calendar in effect
 * then (its zone, holidays, make-up days), or, naming none, the business calendar in their time zone.
 */
export function recipientCalendar(timeZone: string, published: readonly PublishedCalendarVersion[], at: number): WorkingCalendar {
  if (published.length === 0) return calendarOf({ ...defaultCalendarDocument, timeZone });
  return calendarAt(publishedTimeline(published), at);
}
