import { isoDateIn, nextWorkingDay, workingSpansOn, type WorkingCalendar } from '@ctp/calendar';

/** The first instant at or after `at` inside the calendar's working hours. */
export function nextWorkingInstant(calendar: WorkingCalendar, at: number): number {
  const today = isoDateIn(at, calendar.timeZone);
  const later = workingSpansOn(calendar, today).find((span) => span.end > at);
  if (later) return Math.max(later.start, at);
  return workingSpansOn(calendar, nextWorkingDay(calendar, today))[0]!.start;
}

/**
 * When a person's notifications raised at `at` go out: an urgent one at once; otherwise with the digest of its
 * rhythm (the end of the `digestMinutes` window it falls in, counted from midnight UTC), held to the next working time.
 */
export function sendTime(calendar: WorkingCalendar, at: number, options: { readonly urgent: boolean; readonly digestMinutes: number }): number {
  if (options.urgent) return at;
  const windowMs = options.digestMinutes * 60_000;
  const windowEnd = windowMs === 0 ? at : Math.ceil((at + 1) / windowMs) * windowMs;
  return nextWorkingInstant(calendar, windowEnd);
}
