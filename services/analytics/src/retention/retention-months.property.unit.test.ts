import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { monthIn, monthStartIn, monthsOf, nextMonth, periodOf, type Month } from '../metrics/period.js';
import { boundaryPlace, datedPurchases, emptyBoundaryCounts, shiftedBoundaryCounts, type BoundaryCounts } from './boundary-counts.js';
import type { Buyer } from './buyers.js';
import { cohortPlace, emptyCohortCounts, purchaseMonths } from './cohort-counts.js';
import { cohortTableOf } from './cohorts.js';
import { spanRetention, windowRepeat } from './retention-month-reads.js';
import { repeatCountsOf } from './repeat-purchase.js';
import { retentionCountsOf } from './retention-table.js';
import { spansOf, windowOf } from './retention-windows.js';
import { buyers, historyEnd, months } from './test-support/buyer-arbitraries.js';

const numRuns = 60;
/** The counts at a month's start as the follower keeps them: every buyer placed, kept no further back than the look-back. */
function countsAt(all: readonly Buyer[], month: Month, timeZone: string): BoundaryCounts {
  const startMs = monthStartIn(month, timeZone);
  const counts = emptyBoundaryCounts(startMs, timeZone);
  for (const buyer of all) boundaryPlace(counts, datedPurchases(buyer.purchases.map(({ at }) => at), timeZone), startMs).add(1);
  return counts;
}

const firstPurchasesIn = (all: readonly Buyer[], from: Month, to: Month, timeZone: string) => {
  const counts = new Map(monthsOf({ from, to }).map((month) => [month, emptyCohortCounts()]));
  for (const buyer of all) {
    const place = cohortPlace(purchaseMonths(datedPurchases(buyer.purchases.map(({ at }) => at), timeZone)));
    const cohort = place.cohort === null ? undefined : counts.get(place.cohort);
    if (cohort) place.add(cohort, 1);
  }
  return [...counts.values()].reduce((sum, { size }) => sum + size, 0);
};

describe.each(['Asia/Shanghai', 'Europe/Berlin', 'America/New_York'])('retention from the month counts, in %s', (timeZone) => {
  it('counts each span as every buyer\'s purchases read do (lost over a period longer than activeDays left to the listing), for any activeDays', () => {
    fc.assert(fc.property(buyers(timeZone), months, fc.integer({ min: 0, max: 13 }), fc.integer({ min: 30, max: 1_095 }), fc.boolean(), (all, from, length, activeDays, byMonth) => {
      let to = from;
      for (let step = 0; step < length; step += 1) to = nextMonth(to);
      for (const span of spansOf(periodOf(from, to, timeZone), byMonth)) {
        const [first, end] = [span.month ?? from, span.month === undefined ? nextMonth(to) : nextMonth(span.month)];
        const counted = spanRetention({ atStart: countsAt(all, first, timeZone), atEnd: countsAt(all, end, timeZone), firstPurchases: firstPurchasesIn(all, first, span.month ?? to, timeZone) }, span, activeDays, timeZone);
        const expected = retentionCountsOf(all, span, activeDays);
        expect(counted).toEqual(span.endMs - span.startMs > activeDays * 86_400_000 ? { ...expected, lost: null } : expected);
      }
    }), { numRuns });
  });

  it('counts each repeat-purchase window (a month, its year, a period) as every buyer\'s purchases read do', () => {
    fc.assert(fc.property(buyers(timeZone), months, fc.integer({ min: 0, max: 35 }), (all, from, length) => {
      let to = from;
      for (let step = 0; step < length; step += 1) to = nextMonth(to);
      const windows = [periodOf(from, to, timeZone), windowOf(to, 'month', timeZone), windowOf(to, 'year', timeZone)];
      for (const window of windows) expect(windowRepeat(countsAt(all, nextMonth(to), timeZone), window, timeZone)).toEqual(repeatCountsOf(all, window));
    }), { numRuns });
  });

  it('keeps a month\'s counts when moved to a later month with no purchase between (the follower\'s new month)', () => {
    fc.assert(fc.property(buyers(timeZone), months, fc.integer({ min: 1, max: 40 }), (all, month, ahead) => {
      let later = month;
      for (let step = 0; step < ahead; step += 1) later = nextMonth(later);
      const [startMs, laterMs] = [monthStartIn(month, timeZone), monthStartIn(later, timeZone)];
      const before = all.map((buyer) => ({ ...buyer, purchases: buyer.purchases.filter(({ at }) => at < startMs) }));
      expect(shiftedBoundaryCounts(countsAt(before, month, timeZone), laterMs, timeZone)).toEqual(countsAt(before, later, timeZone));
    }), { numRuns });
  });

  it('counts each cohort\'s size and its buyers in each month after as every buyer\'s purchase months give', () => {
    fc.assert(fc.property(buyers(timeZone), months, (all, from) => {
      const cohorts = monthsOf({ from, to: nextMonth(nextMonth(from)) });
      const counts = new Map(cohorts.map((cohort) => [cohort, emptyCohortCounts()]));
      for (const buyer of all) {
        const place = cohortPlace(purchaseMonths(datedPurchases(buyer.purchases.map(({ at }) => at), timeZone)));
        const cohort = place.cohort === null ? undefined : counts.get(place.cohort);
        if (cohort) place.add(cohort, 1);
      }
      const rows = cohortTableOf(cohorts, timeZone, historyEnd, counts).rows as { cohort: Month; month: Month; size: number; purchased: number }[];
      for (const row of rows) {
        const members = all.filter(({ purchases }) => purchases.length > 0 && monthIn(purchases[0]!.at, timeZone) === row.cohort);
        expect(row.size).toBe(members.length);
        expect(row.purchased).toBe(members.filter(({ purchases }) => purchases.some(({ at }) => monthIn(at, timeZone) === row.month)).length);
      }
    }), { numRuns });
  });
});
