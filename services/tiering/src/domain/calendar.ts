/**
 * A calendar date, YYYY-MM-DD. Arithmetic between dates is pure calendar arithmetic (done in UTC);
 * a date is tied to instants only in a time zone, by isoDateIn and startOfDayIn.
 */
export type IsoDate = string;

export type ReviewCadence = 'weekly' | 'monthly' | 'quarterly';

export const DAY_MS = 86_400_000;

/** The UTC date of an instant; for a business date use isoDateIn. */
export function isoDateOf(ms: number): IsoDate {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The date as a UTC instant, for arithmetic between dates; for when a business day begins use startOfDayIn. */
export function startOfDay(date: IsoDate): number {
  return Date.parse(`${date}T00:00:00Z`);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return isoDateOf(startOfDay(date) + days * DAY_MS);
}

const wallClocks = new Map<string, Intl.DateTimeFormat>();

function wallClockIn(timeZone: string): Intl.DateTimeFormat {
  let format = wallClocks.get(timeZone);
  if (!format) {
    const fields = { year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' } as const;
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', ...fields });
    wallClocks.set(timeZone, format);
  }
  return format;
}

/** An IANA time zone name (or UTC) that Intl knows. */
export function isTimeZone(name: string): boolean {
  try {
    wallClockIn(name);
    return true;
  } catch {
    return false;
  }
}

/** How far the zone's wall clock is ahead of UTC at an instant, in ms (whole seconds). */
function offsetAt(timeZone: string, ms: number): number {
  const second = Math.floor(ms / 1000) * 1000;
  const part = Object.fromEntries(wallClockIn(timeZone).formatToParts(second).map(({ type, value }) => [type, Number(value)]));
  return Date.UTC(part.year!, part.month! - 1, part.day!, part.hour!, part.minute!, part.second!) - second;
}

/** The calendar date in the zone at an instant. */
export function isoDateIn(ms: number, timeZone: string): IsoDate {
  return isoDateOf(ms + offsetAt(timeZone, ms));
}

const dayStarts = new Map<string, number>();

/**
 * The first instant of a date in the zone: its midnight, the earlier one when the clock goes back over
 * midnight, and the moment the clock jumps when midnight falls in a daylight-saving gap.
 */
export function startOfDayIn(date: IsoDate, timeZone: string): number {
  const key = `${timeZone} ${date}`;
  let start = dayStarts.get(key);
  if (start === undefined) {
    start = firstInstantOf(date, timeZone);
    dayStarts.set(key, start);
  }
  return start;
}

function firstInstantOf(date: IsoDate, timeZone: string): number {
  const midnight = startOfDay(date);
  const candidates = [midnight - offsetAt(timeZone, midnight - DAY_MS), midnight - offsetAt(timeZone, midnight + DAY_MS)];
  const exact = candidates.filter((at) => at + offsetAt(timeZone, at) === midnight);
  if (exact.length > 0) return Math.min(...exact);
  let [before, after] = [Math.min(...candidates), Math.max(...candidates)];
  while (after - before > 1000) {
    const middle = before + Math.floor((after - before) / 2000) * 1000;
    if (isoDateIn(middle, timeZone) < date) before = middle;
    else after = middle;
  }
  return after;
}

/** The last millisecond of a date in the zone. */
export function endOfDayIn(date: IsoDate, timeZone: string): number {
  return startOfDayIn(addDays(date, 1), timeZone) - 1;
}

export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((startOfDay(to) - startOfDay(from)) / DAY_MS);
}

/** Same day and time `months` later (or earlier), clamped to the end of a shorter month. */
export function addMonths(ms: number, months: number): number {
  const date = new Date(ms);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const timeOfDay = ms - Date.UTC(year, date.getUTCMonth(), date.getUTCDate());
  return Date.UTC(year, month, Math.min(date.getUTCDate(), lastDay)) + timeOfDay;
}

/** Completed calendar months from `from` to `to`; 0 when `to` is not after `from`. */
export function wholeMonthsBetween(from: number, to: number): number {
  if (to <= from) return 0;
  const start = new Date(from);
  const end = new Date(to);
  const months = (end.getUTCFullYear() - start.getUTCFullYear()) * 12 + end.getUTCMonth() - start.getUTCMonth();
  return addMonths(from, months) > to ? months - 1 : months;
}

/** The scheduled review strictly after `after`: next Monday, 1st of next month, or next quarter start. */
export function nextReviewDate(cadence: ReviewCadence, after: IsoDate): IsoDate {
  const date = new Date(startOfDay(after));
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  switch (cadence) {
    case 'weekly':
      return isoDateOf(date.getTime() + ((8 - date.getUTCDay()) % 7 || 7) * DAY_MS);
    case 'monthly':
      return isoDateOf(Date.UTC(year, month + 1, 1));
    case 'quarterly':
      return isoDateOf(Date.UTC(year, Math.floor(month / 3) * 3 + 3, 1));
    default: {
      const unexpected: never = cadence;
      throw new Error(`unknown review cadence ${String(unexpected)}`);
    }
  }
}
