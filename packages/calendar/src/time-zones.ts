import { addDays, startOfDay, DAY_MS, type IsoDate } from './dates.js';

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

/** Per zone, the offset of each UTC hour it holds all through (a zone changes its offset at most once an hour), and the last one asked. */
interface HourOffsets {
  readonly byHour: Map<number, number>;
  lastHour: number;
  lastOffset: number;
}
const zoneHours = new Map<string, HourOffsets>();

/** How far the zone's wall clock is ahead of UTC at an instant, in ms (whole seconds); Intl is asked once per zone and hour. */
function offsetAt(timeZone: string, ms: number): number {
  let zone = zoneHours.get(timeZone);
  if (!zone) zoneHours.set(timeZone, (zone = { byHour: new Map(), lastHour: NaN, lastOffset: 0 }));
  const hour = Math.floor(ms / HOUR_MS);
  if (hour === zone.lastHour) return zone.lastOffset;
  let offset = zone.byHour.get(hour);
  if (offset === undefined) {
    offset = offsetReadAt(timeZone, hour * HOUR_MS);
    if (offset !== offsetReadAt(timeZone, (hour + 1) * HOUR_MS - 1000)) return offsetReadAt(timeZone, ms);
    zone.byHour.set(hour, offset);
  }
  zone.lastHour = hour;
  zone.lastOffset = offset;
  return offset;
}

/** `YYYY-MM-DDTHH:` of a UTC hour (a zone's local hour when shifted by its offset), kept once written. */
const hourTexts = new Map<number, string>();
function hourText(hour: number): string {
  let text = hourTexts.get(hour);
  if (text === undefined) hourTexts.set(hour, (text = new Date(hour * HOUR_MS).toISOString().slice(0, 14)));
  return text;
}

const two = (value: number) => (value < 10 ? `0${value}` : String(value));
const offsetTexts = new Map<number, string>();
function offsetText(minutes: number): string {
  let text = offsetTexts.get(minutes);
  if (text === undefined) offsetTexts.set(minutes, (text = `${minutes < 0 ? '-' : '+'}${two(Math.floor(Math.abs(minutes) / 60))}:${two(Math.abs(minutes) % 60)}`));
  return text;
}

/** An instant as the zone's wall-clock time with its offset: 2025-11-11T20:15:03+08:00, with milliseconds when it has any (…:03.250+08:00). */
export function isoDateTimeIn(ms: number, timeZone: string): string {
  const second = Math.floor(ms / 1000) * 1000;
  // ISO offsets are whole minutes: a historical one with seconds is cut to its minutes, and the wall time read with it.
  const offsetMinutes = Math.trunc(offsetAt(timeZone, second) / 60_000);
  const local = second + offsetMinutes * 60_000;
  const localHour = Math.floor(local / HOUR_MS);
  const seconds = (local - localHour * HOUR_MS) / 1000;
  const millis = ms - second;
  const fraction = millis === 0 ? '' : `.${String(millis).padStart(3, '0')}`;
  return `${hourText(localHour)}${two(Math.floor(seconds / 60))}:${two(seconds % 60)}${fraction}${offsetText(offsetMinutes)}`;
}

/** The calendar date in the zone at an instant. */
export function isoDateIn(ms: number, timeZone: string): IsoDate {
  return hourText(Math.floor((ms + offsetAt(timeZone, ms)) / HOUR_MS)).slice(0, 10);
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
