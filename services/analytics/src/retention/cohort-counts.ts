import { DAY_MS, isoDateOf } from '@ctp/calendar';
import { nextMonth, type Month } from '../metrics/period.js';
import type { DatedPurchases } from './boundary-counts.js';

/** A cohort's own month (k = 0) and the 12 after it. */
export const cohortSlots = 13;

/** The buyers whose first purchase fell in a month, and how many of them purchased in each k-th month from it. */
export interface CohortCounts {
  size: number;
  readonly purchased: number[];
}

export const emptyCohortCounts = (): CohortCounts => ({ size: 0, purchased: new Array<number>(cohortSlots).fill(0) });

const monthOfDay = (day: number): Month => isoDateOf(day * DAY_MS).slice(0, 7);

/** The business months a buyer purchased in, oldest first. */
export const purchaseMonths = (purchases: DatedPurchases): Month[] => [...new Set(purchases.day.map(monthOfDay))];

/** Where a buyer counts among the cohorts, given the months it purchased in (oldest first): its cohort (null for none), a key equal for equal places, and how to add or take it away. */
export function cohortPlace(months: readonly Month[]) {
  const cohort = months[0] ?? null;
  const slots: number[] = [];
  if (cohort !== null) for (let k = 0, month = cohort; k < cohortSlots; k += 1, month = nextMonth(month)) if (months.includes(month)) slots.push(k);
  return {
    cohort,
    key: cohort === null ? '' : `${cohort}:${slots.join(',')}`,
    add(counts: CohortCounts, sign: 1 | -1) {
      counts.size += sign;
      for (const k of slots) counts.purchased[k]! += sign;
    },
  };
}
