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

/** The whole months this interval is, in order, or null when it starts or ends inside one. */
function wholeMonthsOf({ startMs, endMs }: Interval, timeZone: string): Month[] | null {
  let month = monthIn(startMs, timeZone);
  if (monthSpanIn(month, timeZone).startMs !== startMs) return null;
  const months: Month[] = [];
  for (let end = startMs; end < endMs; month = nextMonth(month)) {
    months.push(month);
    end = monthSpanIn(month, timeZone).endMs;
  }
  return months.length > 0 && monthSpanIn(months.at(-1)!, timeZone).endMs === endMs ? months : null;
}

/**
 * The kept lists that together hold exactly the buyers of the selection, or null: all buyers, told by their purchase
 * instants. `new` over whole months: each month's (a buyer is new in one month only); `lost` at `keptActiveDays` and
 * `repeat`: one month's; a cohort: its month's `new`. Lists that would hold others too are not named: `lost` over
 * several months (its months' lists also hold buyers lost in a month between and back by the span's end) or a cohort
 * narrowed by a state or `purchasedIn`. Reading those from the store to find few or none of their entries cost more
 * than one pass over all buyers' kept instants (docs/analytics/retention.md).
 */
export function monthListsFor(selection: CustomerSelection): MonthListKey[] | null {
  const { state, interval, timeZone } = selection;
  if (selection.cohort !== undefined) return state === undefined && !selection.purchasedIn ? [`new:${selection.cohort}`] : null;
  const months = interval === null || selection.purchasedIn ? null : wholeMonthsOf(interval, timeZone);
  if (months === null) return null;
  if (state === 'new') return months.map((month) => `new:${month}` as const);
  const kept = state === 'repeat' || (state === 'lost' && selection.activeDays === keptActiveDays);
  return kept && months.length === 1 ? [`${state}:${months[0]!}`] : null;
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
