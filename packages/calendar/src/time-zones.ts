import { addDays, isoDateOf, startOfDay, DAY_MS, type IsoDate } from './dates.js';

/** The business time zone when none is configured. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

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

/** How far the zone's wall clock is ahead of UTC at an instant, in ms (whole seconds), read from Intl. */
function offsetReadAt(timeZone: string, ms: number): number {
  const second = Math.floor(ms / 1000) * 1000;
  const part = Object.fromEntries(wallClockIn(timeZone).formatToParts(second).map(({ type, value }) => [type, Number(value)]));
  return Date.UTC(part.year!, part.month! - 1, part.day!, part.hour!, part.minute!, part.second!) - second;
}

const HOUR_MS = 3_600_000;
/** Per zone, the offset of each UTC hour it holds all through (a zone changes its offset at most once an hour). */
const hourOffsets = new Map<string, Map<number, number>>();

/** How far the zone's wall clock is ahead of UTC at an instant, in ms (whole seconds); Intl is asked once per zone and hour. */
function offsetAt(timeZone: string, ms: number): number {
  let offsets = hourOffsets.get(timeZone);
  if (!offsets) hourOffsets.set(timeZone, (offsets = new Map()));
  const hour = Math.floor(ms / HOUR_MS);
  const known = offsets.get(hour);
  if (known !== undefined) return known;
  const first = offsetReadAt(timeZone, hour * HOUR_MS);
  if (first !== offsetReadAt(timeZone, (hour + 1) * HOUR_MS - 1000)) return offsetReadAt(timeZone, ms);
  offsets.set(hour, first);
  return first;
}

/** An instant as the zone's wall-clock time to the second with its offset: 2025-11-11T20:15:03+08:00. */
export function isoDateTimeIn(ms: number, timeZone: string): string {
  const second = Math.floor(ms / 1000) * 1000;
  // ISO offsets are whole minutes: a historical one with seconds is cut to its minutes, and the wall time read with it.
  const offsetMinutes = Math.trunc(offsetAt(timeZone, second) / 60_000);
  const magnitude = Math.abs(offsetMinutes);
  const offset = `${offsetMinutes < 0 ? '-' : '+'}${String(Math.floor(magnitude / 60)).padStart(2, '0')}:${String(magnitude % 60).padStart(2, '0')}`;
  return `${new Date(second + offsetMinutes * 60_000).toISOString().slice(0, 19)}${offset}`;
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

/**
 * The instant the zone's wall clock shows `minutes` after midnight of a date (1440: the next midnight).
 * A wall time the clock shows twice is its first showing; one it skips (a daylight-saving gap) is read
 * with the offset before the jump, so it lands as far after the jump as it was after the gap's start.
 */
export function instantIn(date: IsoDate, minutes: number, timeZone: string): number {
  const wall = startOfDay(date) + minutes * 60_000;
  const before = wall - offsetAt(timeZone, wall - DAY_MS);
  const exact = [before, wall - offsetAt(timeZone, wall + DAY_MS)].filter((at) => at + offsetAt(timeZone, at) === wall);
  return exact.length > 0 ? Math.min(...exact) : before;
}

/** The last millisecond of a date in the zone. */
export function endOfDayIn(date: IsoDate, timeZone: string): number {
  return startOfDayIn(addDays(date, 1), timeZone) - 1;
}
