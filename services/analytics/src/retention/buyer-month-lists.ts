import { monthIn, monthStartsIn, nextMonth, type Month } from '../metrics/period.js';
import type { Buyer } from './buyers.js';
import type { CustomerSelection } from './customer-states.js';
import { dayMs, isActiveAt, type Interval } from './retention-states.js';

/** The `activeDays` the kept lost lists are told at: the figures' default, the one their drills name. */
export const keptActiveDays = 365;

/**
 * The sparse selections of a single month, each kept as a list of its own (a page of one reads a chunk or two, not
 * every buyer): `new` (also every cohort, the buyers whose first purchase fell in the month), `lost` at
 * `keptActiveDays`, `repeat` (two or more purchases in the month).
 */
export type MonthListKey = `${'new' | 'lost' | 'repeat'}:${Month}`;

/** Each zone's month starts, each worked out once: a batch places hundreds of buyers over dozens of months each. */
const startsByZone = new Map<string, (month: Month) => number>();
function monthSpanIn(month: Month, timeZone: string): Interval {
  const startOf = startsByZone.get(timeZone) ?? startsByZone.set(timeZone, monthStartsIn(timeZone)).get(timeZone)!;
  return { startMs: startOf(month), endMs: startOf(nextMonth(month)) };
}

/** The month this interval is, whole, or null. */
function wholeMonthOf({ startMs, endMs }: Interval, timeZone: string): Month | null {
  const month = monthIn(startMs, timeZone);
  const period = monthSpanIn(month, timeZone);
  return period.startMs === startMs && period.endMs === endMs ? month : null;
}

/** The kept list holding every customer of the selection (and others the selection then leaves out), or null: all buyers. */
export function monthListOf(selection: CustomerSelection): MonthListKey | null {
  if (selection.cohort !== undefined) return `new:${selection.cohort}`;
  const { state, interval, timeZone } = selection;
  const month = interval === null ? null : wholeMonthOf(interval, timeZone);
  if (month === null) return null;
  if (state === 'new' || state === 'repeat') return `${state}:${month}`;
  return state === 'lost' && selection.activeDays === keptActiveDays ? `lost:${month}` : null;
}

/**
 * The kept lists a buyer is in, by the rules `selectCustomers` applies (customer-states.ts): new in the month of its
 * first purchase; repeat in each month with two or more; lost in each month it is active at the start of and not at
 * the end, only ever within `keptActiveDays` after a purchase.
 */
export function monthListsOf({ purchases }: Buyer, timeZone: string): MonthListKey[] {
  if (purchases.length === 0) return [];
  const months = purchases.map(({ at }) => monthIn(at, timeZone));
  const keys = new Set<MonthListKey>([`new:${months[0]!}`]);
  months.forEach((month, index) => {
    if (index > 0 && months[index - 1] === month) keys.add(`repeat:${month}`);
  });
  const lastLost = monthIn(purchases.at(-1)!.at + keptActiveDays * dayMs, timeZone);
  for (let month = nextMonth(months[0]!); month <= lastLost; month = nextMonth(month)) {
    const { startMs, endMs } = monthSpanIn(month, timeZone);
    if (isActiveAt(purchases, startMs, keptActiveDays) && !isActiveAt(purchases, endMs, keptActiveDays)) keys.add(`lost:${month}`);
  }
  return [...keys];
}
