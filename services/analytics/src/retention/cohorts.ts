import { drillLink } from '../metrics/drill.js';
import { monthIn, monthStartIn, nextMonth, type Month } from '../metrics/period.js';
import { ratio } from '../metrics/ratios.js';
import type { MetricTable } from '../metrics/table.js';
import type { Buyer } from './buyers.js';
import { cohortPlace, emptyCohortCounts, type CohortCounts } from './cohort-counts.js';
import { customersPath } from './retention-windows.js';

/** The month of a customer's first purchase (business time zone), or null for none. */
export function cohortOf(buyer: Buyer, timeZone: string): Month | null {
  const first = buyer.purchases[0];
  return first === undefined ? null : monthIn(first.at, timeZone);
}

/**
 * The classic cohort table, one row per cohort (month of first purchase) and k = 1..12: the share of
 * the cohort that purchased in the k-th month after; k = 0, the cohort's own month (share 1 by
 * definition), gives its size even before a later month has begun. Months not begun at `nowMs` are
 * left out; `complete` says whether the k-th month has ended.
 */
export function cohortTable(buyers: readonly Buyer[], cohorts: readonly Month[], timeZone: string, nowMs: number): MetricTable {
  const counts = new Map(cohorts.map((cohort) => [cohort, emptyCohortCounts()]));
  for (const buyer of buyers) {
    const place = cohortPlace([...new Set(buyer.purchases.map(({ at }) => monthIn(at, timeZone)))]);
    const cohortCounts = place.cohort === null ? undefined : counts.get(place.cohort);
    if (cohortCounts) place.add(cohortCounts, 1);
  }
  return cohortTableOf(cohorts, timeZone, nowMs, counts);
}

/** The table of the cohorts' counts. */
export function cohortTableOf(cohorts: readonly Month[], timeZone: string, nowMs: number, counts: ReadonlyMap<Month, CohortCounts>): MetricTable {
  const rows = cohorts.flatMap((cohort) => {
    const { size, purchased } = counts.get(cohort) ?? emptyCohortCounts();
    const cells = [];
    for (let k = 0, month = cohort; k <= 12; k += 1, month = nextMonth(month)) {
      if (monthStartIn(month, timeZone) > nowMs) break;
      const share = ratio(purchased[k]!, size);
      const complete = monthStartIn(nextMonth(month), timeZone) <= nowMs;
      cells.push({ cohort, k, month, size: share.denominator, purchased: share.numerator, share: share.value, complete, drill: drillLink(customersPath, { cohort, purchasedIn: month }), members: drillLink(customersPath, { cohort }) });
    }
    return cells;
  });
  return { columns: ['cohort', 'k', 'month', 'size', 'purchased', 'share', 'complete', 'drill', 'members'], rows };
}
