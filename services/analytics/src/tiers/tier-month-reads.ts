import type { GlobalPosition } from '@ctp/contracts';
import type { AreaReads } from '../area.js';
import { monthsOf, type Period } from '../metrics/period.js';
import type { MetricTable } from '../metrics/table.js';
import { matches } from './dimension-match.js';
import { distributionTable, type DistributionRequest } from './tier-distribution.js';
import { followedTierMonthsHead } from './tier-month-store.js';
import { tiersAtMonthEnds } from './tier-months.js';
import { movementCountTable, passes, type MovementDimension, type MovementFilters } from './tier-movement-counts.js';

/** A figure counted from the monthly documents, and the feed position they were followed to. */
export interface MonthlyAnswer {
  readonly table: MetricTable;
  readonly countedUpTo: GlobalPosition;
}

/** The distribution from the head's nets (one `_id` read), or null: no monthly documents yet. */
export async function distributionFromMonths(reads: AreaReads, request: DistributionRequest, minPosition?: GlobalPosition): Promise<MonthlyAnswer | null> {
  const head = await followedTierMonthsHead(reads.db, reads.timeZone, minPosition);
  if (head === null) return null;
  const ends = tiersAtMonthEnds(head.nets, request.months);
  return { table: distributionTable((month) => new Map(Object.entries(ends.get(month) ?? {})), request), countedUpTo: head.position };
}

/** The movement counts from the head's counts per month (one `_id` read), or null: no monthly documents yet. */
export async function movementCountsFromMonths(reads: AreaReads, period: Period, groupBy: readonly MovementDimension[], filters: MovementFilters, minPosition?: GlobalPosition): Promise<MonthlyAnswer | null> {
  const head = await followedTierMonthsHead(reads.db, reads.timeZone, minPosition);
  if (head === null) return null;
  const months = monthsOf(period).filter((month) => matches(month, filters.month));
  const tallies = months.flatMap((month) => (head.counts[month] ?? []).map(({ from, to, direction, movements }) => ({ month, fromTier: from, toTier: to, direction, movements })));
  return { table: movementCountTable(tallies.filter((tally) => passes(tally, filters)), period, groupBy, filters), countedUpTo: head.position };
}
