import type { SlaMetric } from '@ctp/contracts';
import { monthIn, nextMonth, type Month } from '../metrics/period.js';
import type { ClockOutcome } from './compliance.js';
import { clockIdOf } from './facts.js';
import { assessSolved, type FirstContactAssessment } from './first-contact.js';
import type { CaseDimensions, OpenedCase, ResolvedCase } from './month-entries.js';
import type { ServiceLevelMonth } from './service-level-month-store.js';
import { passesCaseFilters } from './service-level-month-reads.js';
import type { CaseFilters } from './service-level-query.js';

export type ClockFilters = CaseFilters & { readonly metric?: SlaMetric | undefined; readonly outcome?: ClockOutcome | undefined };

/** A case a listing may show: its id, its opening (where its row is kept) and its first resolution (ms), if any. */
export interface ListedCase {
  readonly id: string;
  readonly openedAt: number;
  readonly resolvedAt: number | null;
}

/** A listed clock's case as its row shows it: the month it was opened and its dimensions. */
export interface ClockCase {
  readonly month: Month;
  readonly dimensions: CaseDimensions;
}

/** The ids of the clock cycles of the cases opened in these months that pass the filters, with their cases. */
export function listedClocks(opened: Iterable<ServiceLevelMonth>, filters: ClockFilters): { readonly id: string; readonly caseId: string; readonly opened: ClockCase }[] {
  return [...opened].flatMap(({ month, opened: entries }) => entries.filter(({ dimensions }) => passesCaseFilters(dimensions, filters)).flatMap((entry) =>
    entry.clocks
      .filter(({ metric, outcome }) => (filters.metric === undefined || metric === filters.metric) && (filters.outcome === undefined || outcome === filters.outcome))
      .map(({ metric, cycle }) => ({ id: clockIdOf(entry.id, metric, cycle), caseId: entry.id, opened: { month, dimensions: entry.dimensions } }))));
}

/**
 * The cases opened in the months `opened` (if given: null is any month) and first resolved in `resolvedWithin` (if
 * given) that pass the filters: from the opened entries when the months opened are given, else from the resolved
 * entries of the months of resolution.
 */
export function listedCases(
  opened: Iterable<ServiceLevelMonth> | null, resolved: { readonly months: Iterable<ServiceLevelMonth>; readonly within: (ms: number) => boolean } | null, filters: CaseFilters,
): ListedCase[] {
  const passing = (entry: OpenedCase | ResolvedCase) => passesCaseFilters(entry.dimensions, filters);
  if (opened !== null) {
    return [...opened].flatMap((month) => month.opened.filter((entry) => passing(entry) && (resolved === null || (entry.resolvedAt !== null && resolved.within(entry.resolvedAt)))))
      .map(({ id, openedAt, resolvedAt }) => ({ id, openedAt, resolvedAt }));
  }
  if (resolved === null) throw new Error('listedCases: neither the months opened nor those of resolution');
  return [...resolved.months].flatMap((month) => month.resolved.filter(passing)).map(({ id, openedAt, resolvedAt }) => ({ id, openedAt, resolvedAt }));
}

/** The months whose entries assess these cases: the month of each first resolution and the next (its repeats come within 168 h). */
export const assessingMonths = (cases: Iterable<ListedCase>, timeZone: string): Set<Month> =>
  new Set([...cases].flatMap(({ resolvedAt }) => {
    if (resolvedAt === null) return [];
    const month = monthIn(resolvedAt, timeZone);
    return [month, nextMonth(month)];
  }));

/**
 * The first-contact verdicts of the resolved cases among `cases`, from the month entries (holding at least
 * `assessingMonths`): the resolved entry of the month of resolution, against the openings of that month and the next,
 * as the month figures count them.
 */
export function assessedFromEntries(cases: Iterable<ListedCase>, entries: ReadonlyMap<Month, ServiceLevelMonth>, timeZone: string, now: Date): Map<string, FirstContactAssessment> {
  const ofMonth = new Map<Month, { resolved: Map<string, ResolvedCase>; byCustomer: Map<string, OpenedCase[]> }>();
  const indexed = (month: Month) => {
    const known = ofMonth.get(month);
    if (known) return known;
    const byCustomer = new Map<string, OpenedCase[]>();
    for (const opening of [month, nextMonth(month)].flatMap((each) => entries.get(each)?.opened ?? [])) byCustomer.set(opening.customerId, [...(byCustomer.get(opening.customerId) ?? []), opening]);
    const index = { resolved: new Map((entries.get(month)?.resolved ?? []).map((entry) => [entry.id, entry])), byCustomer };
    ofMonth.set(month, index);
    return index;
  };
  const assessed = new Map<string, FirstContactAssessment>();
  for (const { id, resolvedAt } of cases) {
    if (resolvedAt === null) continue;
    const { resolved, byCustomer } = indexed(monthIn(resolvedAt, timeZone));
    const entry = resolved.get(id);
    if (entry) assessed.set(id, assessSolved(entry, byCustomer.get(entry.customerId) ?? [], now));
  }
  return assessed;
}
