import { calendarOf, parseCalendarDocument, type CalendarDocumentInput } from '../calendar-document.js';
import { defaultCalendarDocument } from '../default-calendar.js';
import type { WorkingCalendar } from '../working-time.js';

export const at = (text: string) => Date.parse(text);
export const hours = (count: number) => count * 3_600_000;
export const minutes = (count: number) => count * 60_000;

export const shanghai = calendarOf(defaultCalendarDocument);

/** A calendar from a document that must be valid. */
export function calendarFrom(input: CalendarDocumentInput): WorkingCalendar {
  const parsed = parseCalendarDocument(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return calendarOf(parsed.document);
}

const nineToFive = [{ from: '09:00', to: '17:00' }];

export const newYork = calendarFrom({
  id: 'new-york',
  version: 1,
  timeZone: 'America/New_York',
  week: { monday: nineToFive, tuesday: nineToFive, wednesday: nineToFive, thursday: nineToFive, friday: nineToFive },
});

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32), so property checks repeat exactly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}
