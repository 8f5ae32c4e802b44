import { drillLink } from '../metrics/drill.js';
import { groupRows } from '../metrics/grouping.js';
import { monthStartIn, nextMonth, type Month } from '../metrics/period.js';
import { ratio } from '../metrics/ratios.js';
import type { MetricTable } from '../metrics/table.js';
import { matches } from './dimension-match.js';
import { tiersAt, type TierMovement } from './tier-history.js';

export const distributionDimensions = ['month', 'tier'] as const;
export type DistributionDimension = (typeof distributionDimensions)[number];

export interface DistributionRequest {
  readonly months: readonly Month[];
  readonly timeZone: string;
  readonly groupBy: readonly DistributionDimension[];
  readonly month?: string | undefined;
  readonly tier?: string | undefined;
}

export const customersPath = '/v1/analytics/tiers/customers';

interface Standing {
  readonly month: Month;
  readonly tier: string;
  readonly customers: number;
}

/**
 * Customers per tier in force at each month's end (the start of the next month in the business time
 * zone), share = customers in the tier / customers with a tier at that month's end. Not grouped by
 * month, it is the last month's end (or the filtered month's): a count at an instant does not add up over months.
 */
export function tierDistribution(movements: readonly TierMovement[], request: DistributionRequest): MetricTable {
  return distributionTable((month) => {
    const counts = new Map<string, number>();
    for (const { to } of tiersAt(movements, monthStartIn(nextMonth(month), request.timeZone)).values()) counts.set(to ?? '', (counts.get(to ?? '') ?? 0) + 1);
    return counts;
  }, request);
}

/** The same table from the customers per tier at each month's end, however they were counted. */
export function distributionTable(customersAt: (month: Month) => ReadonlyMap<string, number>, request: DistributionRequest): MetricTable {
  const chosen = request.month === undefined ? null : request.months.filter((month) => month === request.month);
  const months = chosen ?? (request.groupBy.includes('month') ? request.months : request.months.slice(-1));
  const standings: Standing[] = months.flatMap((month) => [...customersAt(month)].filter(([, customers]) => customers > 0).map(([tier, customers]) => ({ month, tier, customers })));
  const tieredIn = new Map<Month, number>();
  for (const { month, customers } of standings) tieredIn.set(month, (tieredIn.get(month) ?? 0) + customers);
  const counted = standings.filter(({ tier }) => matches(tier, request.tier));
  const rows = groupRows(counted, request.groupBy, (standing, dimension) => standing[dimension as DistributionDimension]).map(({ key, rows: members }) => {
    const tiered = [...new Set(members.map(({ month }) => month))].reduce((sum, month) => sum + (tieredIn.get(month) ?? 0), 0);
    const share = ratio(members.reduce((sum, { customers }) => sum + customers, 0), tiered);
    const asOf = key.month ?? months.at(-1);
    return { ...key, customers: share.numerator, tiered: share.denominator, share: share.value, drill: drillLink(customersPath, { asOf, tier: key.tier ?? request.tier }) };
  });
  return { columns: [...request.groupBy, 'customers', 'tiered', 'share', 'drill'], rows };
}
