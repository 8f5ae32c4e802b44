import { groupRows, type GroupKey } from '../metrics/grouping.js';
import { ratio, type Ratio } from '../metrics/ratios.js';
import type { Month } from '../metrics/period.js';
import { dimensionOf, type ComplaintDimension, type ComplaintFact } from './complaint-facts.js';

export const complaintDefinitions = {
  month: 'the month a complaint was opened (openedAt), in the business time zone',
  complaintRate: 'complaints opened in the month / active customers of the month (a purchase in the month); domain.md section 5. Grouping splits the complaints only: every row of a month shares its denominator',
  causeShare: 'complaints with the cause / complaints with at least one cause; a complaint with two causes counts for both, so the shares of a month can add up to more than 1; complaints without a cause are counted apart (cause none, no share)',
  repeatShare: 'complaints flagged as repeats (RepeatComplaintFlagged: the same customer, the same cause within the repeat window) / complaints opened in the month',
};

/** Complaints of each month of the period, split by the grouping (one row per month without one). */
function monthGroups(facts: readonly ComplaintFact[], months: readonly Month[], groupBy: readonly ComplaintDimension[]) {
  return months.flatMap((month) => {
    const ofMonth = facts.filter((fact) => fact.month === month);
    const groups = groupRows(ofMonth, groupBy, dimensionOf);
    return (groups.length === 0 && groupBy.length === 0 ? [{ key: {}, rows: [] }] : groups).map(({ key, rows }) => ({ key: { month, ...key }, rows }));
  });
}

export interface RateRow {
  readonly key: GroupKey;
  readonly rate: Ratio;
}

/** Complaint rate per month and group: the group's complaints over all the month's active customers. */
export function complaintRates(facts: readonly ComplaintFact[], months: readonly Month[], groupBy: readonly ComplaintDimension[], activePerMonth: ReadonlyMap<Month, number>): RateRow[] {
  return monthGroups(facts, months, groupBy).map(({ key, rows }) => ({ key, rate: ratio(rows.length, activePerMonth.get(key['month']!) ?? 0) }));
}

export interface CauseRow {
  readonly key: GroupKey;
  /** Null: the complaints without a cause. */
  readonly cause: string | null;
  readonly count: number;
  /** Of the complaints with a cause; none for the complaints without one. */
  readonly share: Ratio | null;
  readonly complaints: number;
}

/** The root-cause mix per month and group, causes in code order, then the complaints without a cause. */
export function causeMix(facts: readonly ComplaintFact[], months: readonly Month[], groupBy: readonly ComplaintDimension[]): CauseRow[] {
  return monthGroups(facts, months, groupBy).flatMap(({ key, rows }) => {
    const withCause = rows.filter(({ causes }) => causes.length > 0);
    const causes = [...new Set(withCause.flatMap(({ causes }) => causes))].sort();
    const withoutCause = rows.length - withCause.length;
    return [
      ...causes.map((cause) => ({ key, cause, count: withCause.filter((fact) => fact.causes.includes(cause)).length, share: ratio(withCause.filter((fact) => fact.causes.includes(cause)).length, withCause.length), complaints: rows.length })),
      ...(withoutCause > 0 ? [{ key, cause: null, count: withoutCause, share: null, complaints: rows.length }] : []),
    ];
  });
}

export interface RepeatRow {
  readonly key: GroupKey;
  readonly repeats: Ratio;
}

/** Repeat complaints per month and group, and their share of the complaints. */
export function repeatComplaints(facts: readonly ComplaintFact[], months: readonly Month[], groupBy: readonly ComplaintDimension[]): RepeatRow[] {
  return monthGroups(facts, months, groupBy).map(({ key, rows }) => ({ key, repeats: ratio(rows.filter(({ repeat }) => repeat).length, rows.length) }));
}
