import { compareGlobalPositions, type GlobalPosition, type SlaMetric } from '@ctp/contracts';
import type { Db } from 'mongodb';
import { monthsOf, nextMonth, type Month, type Period } from '../metrics/period.js';
import { caseDimensions, matchesFilter } from './dimensions.js';
import type { FirstContactAssessment } from './first-contact.js';
import { assessSolved } from './first-contact.js';
import type { CaseDimensions, OpenedCase } from './month-entries.js';
import { readServiceLevelMonths, readServiceLevelMonthsHead, serviceLevelMonthsReadYourWrites, type ServiceLevelMonthsHead } from './service-level-month-store.js';
import type { CaseFilters } from './service-level-query.js';
import type { ClockOutcome } from './compliance.js';

/** A clock cycle counted by the compliance table: the case's month opened and dimensions, the clock's metric and outcome. */
export interface ComplianceMember {
  readonly month: Month;
  readonly dimensions: CaseDimensions;
  readonly metric: SlaMetric;
  readonly outcome: ClockOutcome;
  readonly elapsedMs: number | null;
}

/** A case solved in the period, as the first-contact table counts it. */
export interface SolvedMember {
  readonly id: string;
  /** The month of its first resolution. */
  readonly month: Month;
  readonly resolvedAt: number;
  readonly dimensions: CaseDimensions;
  readonly assessment: FirstContactAssessment;
  readonly waits: readonly number[];
}

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
  if (minPosition === undefined || compareGlobalPositions(head.position, minPosition) >= 0) return head;
  await serviceLevelMonthsReadYourWrites(db, timeZone)(minPosition);
  return readServiceLevelMonthsHead(db, timeZone);
}

/** The clock cycles of the cases opened in the months of `period`, filtered, from one `_id` read a month; null: not caught up. */
export async function complianceMembersFromMonths(
  db: Db, timeZone: string, period: Period, filters: CaseFilters & { readonly metric?: SlaMetric | undefined }, minPosition?: GlobalPosition,
): Promise<FromMonths<ComplianceMember> | null> {
  const head = await caughtUpHead(db, timeZone, minPosition);
  if (head === null) return null;
  const members = (await readServiceLevelMonths(db, timeZone, monthsOf(period))).flatMap(({ month, opened }) =>
    opened.filter(({ dimensions }) => passesCaseFilters(dimensions, filters)).flatMap(({ dimensions, clocks }) =>
      clocks.filter(({ metric }) => filters.metric === undefined || metric === filters.metric).map(({ metric, outcome, elapsedMs }) => ({ month, dimensions, metric, outcome, elapsedMs })),
    ),
  );
  return { members, countedUpTo: head.position };
}

/**
 * The cases first resolved in the months of `period`, filtered and assessed against the openings of the months up to
 * the one after (a repeat comes within 7 days), from one `_id` read a month; null: not caught up.
 */
export async function solvedMembersFromMonths(db: Db, timeZone: string, period: Period, filters: CaseFilters, now: Date, minPosition?: GlobalPosition): Promise<FromMonths<SolvedMember> | null> {
  const head = await caughtUpHead(db, timeZone, minPosition);
  if (head === null) return null;
  const months = monthsOf(period);
  const documents = await readServiceLevelMonths(db, timeZone, [...months, nextMonth(period.to)]);
  const openingsByCustomer = new Map<string, OpenedCase[]>();
  for (const opened of documents.flatMap((document) => document.opened)) openingsByCustomer.set(opened.customerId, [...(openingsByCustomer.get(opened.customerId) ?? []), opened]);
  const members = documents.filter(({ month }) => months.includes(month)).flatMap(({ month, resolved }) =>
    resolved.filter(({ dimensions }) => passesCaseFilters(dimensions, filters)).map((entry) => ({
      id: entry.id, month, resolvedAt: entry.resolvedAt, dimensions: entry.dimensions, waits: entry.waits,
      assessment: assessSolved(entry, openingsByCustomer.get(entry.customerId) ?? [], now),
    })),
  );
  return { members, countedUpTo: head.position };
}
