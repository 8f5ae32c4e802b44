import type { GlobalPosition, SlaMetric } from '@ctp/contracts';
import type { Db } from 'mongodb';
import { monthsOf, type Month, type Period } from '../metrics/period.js';
import type { ComplianceTally } from './compliance.js';
import { caseDimensions, matchesFilter } from './dimensions.js';
import type { FirstContactTally } from './first-contact.js';
import type { CaseDimensions } from './month-entries.js';
import { followedServiceLevelMonthsHead, readServiceLevelFigures, readServiceLevelMonthsHead, type ServiceLevelMonthsHead } from './service-level-month-store.js';
import type { CaseFilters } from './service-level-query.js';

/** Clock cycles counted by the compliance table: one (from the facts) or a month's cell (from the figures). */
export type ComplianceMember = { readonly month: Month; readonly dimensions: CaseDimensions; readonly metric: SlaMetric } & ComplianceTally;

/** Solved cases counted by the first-contact table: one (from the facts) or a month's cell; `month` that of the first resolution. */
export type SolvedMember = { readonly month: Month; readonly dimensions: CaseDimensions } & FirstContactTally;

/** Counted from the month documents: the members, and the feed position they were followed to. */
export interface FromMonths<T> {
  readonly members: readonly T[];
  readonly countedUpTo: GlobalPosition;
}

export const passesCaseFilters = (dimensions: CaseDimensions, filters: CaseFilters) => caseDimensions.every((dimension) => matchesFilter(dimensions[dimension], filters[dimension]));

/** The head once the follower has caught up (and passed `minPosition`, waited for); null: count from the facts. */
export async function caughtUpHead(db: Db, timeZone: string, minPosition: GlobalPosition | undefined): Promise<ServiceLevelMonthsHead | null> {
  const head = await readServiceLevelMonthsHead(db, timeZone);
  if (head === null || !head.caughtUp) return null;
  return followedServiceLevelMonthsHead(db, timeZone, minPosition);
}

/** The counted clock cycles of the cases opened in the months of `period`, filtered, one `_id` read a month; null: not caught up. */
export async function complianceMembersFromMonths(
  db: Db, timeZone: string, period: Period, filters: CaseFilters & { readonly metric?: SlaMetric | undefined }, minPosition?: GlobalPosition,
): Promise<FromMonths<ComplianceMember> | null> {
  const head = await caughtUpHead(db, timeZone, minPosition);
  if (head === null) return null;
  const members = (await readServiceLevelFigures(db, timeZone, monthsOf(period))).flatMap(({ month, compliance }) =>
    compliance.filter((cell) => passesCaseFilters(cell.dimensions, filters) && (filters.metric === undefined || cell.metric === filters.metric)).map((cell) => ({ ...cell, month })),
  );
  return { members, countedUpTo: head.position };
}

/** The counted cases first resolved in the months of `period`, filtered, one `_id` read a month; null: not caught up. */
export async function solvedMembersFromMonths(db: Db, timeZone: string, period: Period, filters: CaseFilters, minPosition?: GlobalPosition): Promise<FromMonths<SolvedMember> | null> {
  const head = await caughtUpHead(db, timeZone, minPosition);
  if (head === null) return null;
  const members = (await readServiceLevelFigures(db, timeZone, monthsOf(period))).flatMap(({ month, firstContact }) =>
    firstContact.filter((cell) => passesCaseFilters(cell.dimensions, filters)).map((cell) => ({ ...cell, month })),
  );
  return { members, countedUpTo: head.position };
}
