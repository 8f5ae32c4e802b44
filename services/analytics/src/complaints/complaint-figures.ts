import { addToCells, histogram, sumCounts, tally, type Cell, type Counts } from '../figure-months/counts.js';
import { groupRows, type GroupKey } from '../metrics/grouping.js';
import { ratio, type Ratio } from '../metrics/ratios.js';
import type { Month } from '../metrics/period.js';
import { complaintDimensions, type ComplaintDimension, type ComplaintFact } from './complaint-facts.js';

export const complaintDefinitions = {
  month: 'the month a complaint was opened (openedAt), in the business time zone',
  complaintRate: 'complaints opened in the month / active customers of the month (a purchase in the month); domain.md section 5. Grouping splits the complaints only: every row of a month shares its denominator',
  causeShare: 'complaints with the cause / complaints with at least one cause; a complaint with two causes counts for both, so the shares of a month can add up to more than 1; complaints without a cause are counted apart (cause none, no share)',
  repeatShare: 'complaints flagged as repeats (RepeatComplaintFlagged: the same customer, the same cause within the repeat window) / complaints opened in the month',
};

/** Cells per month, each keyed by a complaint's tier, channel and team (complaintDimensions' order). */
export type MonthCells = ReadonlyMap<Month, readonly Cell[]>;

export const cellKeyOf = (fact: ComplaintFact) => complaintDimensions.map((dimension) => fact[dimension]);
export const cellDimensionOf = (cell: Cell, dimension: string): string | null => cell.key[complaintDimensions.indexOf(dimension as ComplaintDimension)] ?? null;

/** What a complaint adds to the month it was opened: itself, a repeat, its causes (each once), still open or closed unresolved. */
export function openedCounts(fact: ComplaintFact): Counts {
  const flags = [
    'complaints',
    ...(fact.repeat ? ['repeats'] : []),
    ...(fact.causes.length > 0 ? ['withCause'] : []),
    ...[...new Set(fact.causes)].map((cause) => `cause:${cause}`),
    ...(fact.resolvedAt !== null ? [] : [fact.open ? 'stillOpen' : 'closedUnresolved']),
  ];
  return tally(flags);
}

/** What a complaint adds to the month of its first resolution: itself and its span (`cycle:<openedAt>:<resolvedAt>`), counted in working days when read, on the calendar as published then. */
export function resolvedCounts(fact: ComplaintFact): Counts | null {
  return fact.resolvedAt === null ? null : { resolved: 1, [`cycle:${fact.openedAt}:${fact.resolvedAt}`]: 1 };
}

function cellsOfFacts(facts: readonly ComplaintFact[], monthOf: (fact: ComplaintFact) => Month | null, countsOf: (fact: ComplaintFact) => Counts | null): Map<Month, Cell[]> {
  const cells = new Map<Month, Cell[]>();
  for (const fact of facts) {
    const [month, counts] = [monthOf(fact), countsOf(fact)];
    if (month !== null && counts !== null) cells.set(month, addToCells(cells.get(month) ?? [], cellKeyOf(fact), counts));
  }
  return cells;
}

/** The complaints' cells by month opened, as the month documents hold them. */
export const openedCells = (facts: readonly ComplaintFact[]) => cellsOfFacts(facts, ({ month }) => month, openedCounts);
/** The resolved complaints' cells by month of first resolution, as the month documents hold them. */
export const resolvedCells = (facts: readonly ComplaintFact[]) => cellsOfFacts(facts, ({ resolvedMonth }) => resolvedMonth, resolvedCounts);

export interface CountGroup {
  readonly key: GroupKey;
  readonly counts: Counts;
}

/** The counts of each month of the period, split by the grouping (one row per month without one). */
export function monthGroups(cells: MonthCells, months: readonly Month[], groupBy: readonly ComplaintDimension[]): CountGroup[] {
  return months.flatMap((month) => {
    const groups = groupRows(cells.get(month) ?? [], groupBy, cellDimensionOf);
    return (groups.length === 0 && groupBy.length === 0 ? [{ key: {}, rows: [] }] : groups).map(({ key, rows }) => ({ key: { month, ...key }, counts: sumCounts(rows.map(({ counts }) => counts)) }));
  });
}

const count = (counts: Counts, name: string) => counts[name] ?? 0;

export interface RateRow {
  readonly key: GroupKey;
  readonly rate: Ratio;
}

/** Complaint rate per month and group: the group's complaints over all the month's active customers. */
export function complaintRates(facts: readonly ComplaintFact[], months: readonly Month[], groupBy: readonly ComplaintDimension[], activePerMonth: ReadonlyMap<Month, number>): RateRow[] {
  return ratesOf(openedCells(facts), months, groupBy, activePerMonth);
}

export function ratesOf(cells: MonthCells, months: readonly Month[], groupBy: readonly ComplaintDimension[], activePerMonth: ReadonlyMap<Month, number>): RateRow[] {
  return monthGroups(cells, months, groupBy).map(({ key, counts }) => ({ key, rate: ratio(count(counts, 'complaints'), activePerMonth.get(key['month']!) ?? 0) }));
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
  return causesOf(openedCells(facts), months, groupBy);
}

export function causesOf(cells: MonthCells, months: readonly Month[], groupBy: readonly ComplaintDimension[]): CauseRow[] {
  return monthGroups(cells, months, groupBy).flatMap(({ key, counts }) => {
    const [complaints, withCause] = [count(counts, 'complaints'), count(counts, 'withCause')];
    const causes = histogram(counts, 'cause').sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
    return [
      ...causes.map(({ value, count: withIt }) => ({ key, cause: value, count: withIt, share: ratio(withIt, withCause), complaints })),
      ...(complaints > withCause ? [{ key, cause: null, count: complaints - withCause, share: null, complaints }] : []),
    ];
  });
}

export interface RepeatRow {
  readonly key: GroupKey;
  readonly repeats: Ratio;
}

/** Repeat complaints per month and group, and their share of the complaints. */
export function repeatComplaints(facts: readonly ComplaintFact[], months: readonly Month[], groupBy: readonly ComplaintDimension[]): RepeatRow[] {
  return repeatsOf(openedCells(facts), months, groupBy);
}

export function repeatsOf(cells: MonthCells, months: readonly Month[], groupBy: readonly ComplaintDimension[]): RepeatRow[] {
  return monthGroups(cells, months, groupBy).map(({ key, counts }) => ({ key, repeats: ratio(count(counts, 'repeats'), count(counts, 'complaints')) }));
}
