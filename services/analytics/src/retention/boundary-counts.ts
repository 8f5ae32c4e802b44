import { gunzipSync, gzipSync } from 'node:zlib';
import { DAY_MS, isoDateIn, isoDateOf, startOfDayIn } from '@ctp/calendar';

/**
 * The days back from a month's start a boundary's counts keep: the furthest a figure looks is the customers lost over
 * a span as long as `activeDays`, at most 1,095 days, counted at its end: 2 x 1,095 days and an hour.
 */
export const lookbackDays = 2_192;
const hourMs = 3_600_000;

/** The day number (days since 1970-01-01) of an instant's calendar date in the time zone. */
export const dayNumberIn = (ms: number, timeZone: string) => Date.parse(`${isoDateIn(ms, timeZone)}T00:00:00Z`) / DAY_MS;
export const startOfDayNumber = (day: number, timeZone: string) => startOfDayIn(isoDateOf(day * DAY_MS), timeZone);

/**
 * At a month's start t, each buyer's last purchase before t and the purchase before that, counted by the business day
 * they fell on (index 0: `firstDay`): `last` all of them, `lastFirstHour` and `lastFinalHour` those in their day's first
 * or final hour (so a threshold an hour off midnight, where `activeDays` x 24 h crosses a change of offset, stays exact),
 * `previous` the purchases before the last. Purchases older than `lookbackDays` are not kept.
 */
export interface BoundaryCounts {
  readonly firstDay: number;
  readonly last: Int32Array;
  readonly lastFirstHour: Int32Array;
  readonly lastFinalHour: Int32Array;
  readonly previous: Int32Array;
}

export function emptyBoundaryCounts(startMs: number, timeZone: string): BoundaryCounts {
  const arrays = () => new Int32Array(lookbackDays);
  return { firstDay: dayNumberIn(startMs, timeZone) - lookbackDays, last: arrays(), lastFirstHour: arrays(), lastFinalHour: arrays(), previous: arrays() };
}

/** The counts moved to a later month's start: the days before its look-back dropped, those after the earlier start empty. */
export function shiftedBoundaryCounts(counts: BoundaryCounts, startMs: number, timeZone: string): BoundaryCounts {
  const shifted = emptyBoundaryCounts(startMs, timeZone);
  const offset = shifted.firstDay - counts.firstDay;
  for (const key of ['last', 'lastFirstHour', 'lastFinalHour', 'previous'] as const) {
    if (offset >= 0) shifted[key].set(counts[key].subarray(Math.min(offset, lookbackDays)));
    else shifted[key].set(counts[key].subarray(0, lookbackDays + offset), -offset);
  }
  return shifted;
}

/** A buyer's purchases, oldest first, with what the counts need of each: its business day, and whether in the day's first or final hour. */
export interface DatedPurchases {
  readonly at: readonly number[];
  readonly day: readonly number[];
  readonly firstHour: readonly boolean[];
  readonly finalHour: readonly boolean[];
}

export function datedPurchases(at: readonly number[], timeZone: string): DatedPurchases {
  const day = at.map((ms) => dayNumberIn(ms, timeZone));
  return {
    at, day,
    firstHour: at.map((ms, index) => ms - startOfDayNumber(day[index]!, timeZone) < hourMs),
    finalHour: at.map((ms, index) => startOfDayNumber(day[index]! + 1, timeZone) - ms <= hourMs),
  };
}

/** Where a buyer counts at a boundary: a key equal for equal places ('' for nowhere), and how to add or take it away. */
export function boundaryPlace(counts: BoundaryCounts, purchases: DatedPurchases, startMs: number) {
  const lastIndex = firstAtOrAfter(purchases.at, startMs) - 1;
  const last = lastIndex < 0 ? -1 : purchases.day[lastIndex]! - counts.firstDay;
  const previous = lastIndex < 1 ? -1 : purchases.day[lastIndex - 1]! - counts.firstDay;
  const [firstHour, finalHour] = last < 0 ? [false, false] : [purchases.firstHour[lastIndex]!, purchases.finalHour[lastIndex]!];
  return {
    key: last < 0 && previous < 0 ? '' : `${Math.max(last, -1)}:${firstHour ? 1 : 0}${finalHour ? 1 : 0}:${Math.max(previous, -1)}`,
    add(sign: 1 | -1) {
      if (last >= 0) {
        counts.last[last]! += sign;
        if (firstHour) counts.lastFirstHour[last]! += sign;
        if (finalHour) counts.lastFinalHour[last]! += sign;
      }
      if (previous >= 0) counts.previous[previous]! += sign;
    },
  };
}

/**
 * How many buyers' last purchase before the boundary was at or after `fromMs` (an instant at most `lookbackDays`
 * before it): exact at a midnight of the time zone and an hour either side of one; null for any other instant.
 */
export function lastAtOrAfter(counts: BoundaryCounts, fromMs: number, timeZone: string): number | null {
  const day = dayNumberIn(fromMs, timeZone);
  const [dayStart, nextDayStart] = [startOfDayNumber(day, timeZone), startOfDayNumber(day + 1, timeZone)];
  const index = day - counts.firstDay;
  if (index < 0) throw new RangeError(`an instant ${new Date(fromMs).toISOString()} before the counts' look-back`);
  const at = (array: Int32Array, at: number) => (at < lookbackDays ? array[at]! : 0);
  if (fromMs === dayStart) return suffix(counts.last, index);
  if (fromMs - dayStart === hourMs) return suffix(counts.last, index) - at(counts.lastFirstHour, index);
  if (nextDayStart - fromMs === hourMs) return suffix(counts.last, index + 1) + at(counts.lastFinalHour, index);
  return null;
}

/** How many buyers had two purchases or more from `fromMs` (a midnight of the time zone) to the boundary. */
export function twoAtOrAfter(counts: BoundaryCounts, fromMs: number, timeZone: string): number {
  const index = dayNumberIn(fromMs, timeZone) - counts.firstDay;
  if (index < 0) throw new RangeError(`an instant ${new Date(fromMs).toISOString()} before the counts' look-back`);
  return suffix(counts.previous, index);
}

function suffix(array: Int32Array, from: number): number {
  let sum = 0;
  for (let index = Math.max(0, from); index < array.length; index += 1) sum += array[index]!;
  return sum;
}

/** The index of the first instant at or after `ms` in instants oldest first. */
export function firstAtOrAfter(instants: readonly number[], ms: number): number {
  let [low, high] = [0, instants.length];
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (instants[middle]! < ms) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The counts as stored: the four arrays one after another, little-endian int32, gzipped, base64 (one string: one element
 * for FerretDB, which hands over a long string slowly: 47 KB unzipped, a few KB gzipped; twelve months' boundaries are
 * read for one figure by month).
 */
export function packBoundaryCounts(counts: BoundaryCounts): string {
  const bytes = Buffer.alloc(4 * 4 * lookbackDays);
  [counts.last, counts.lastFirstHour, counts.lastFinalHour, counts.previous].forEach((array, part) => {
    array.forEach((value, index) => bytes.writeInt32LE(value, 4 * (part * lookbackDays + index)));
  });
  return gzipSync(bytes).toString('base64');
}

export function unpackBoundaryCounts(firstDay: number, packed: string): BoundaryCounts {
  const bytes = gunzipSync(Buffer.from(packed, 'base64'));
  const part = (index: number) => Int32Array.from({ length: lookbackDays }, (_, day) => bytes.readInt32LE(4 * (index * lookbackDays + day)));
  return { firstDay, last: part(0), lastFirstHour: part(1), lastFinalHour: part(2), previous: part(3) };
}
