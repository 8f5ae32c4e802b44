import type { z } from 'zod';
import { monthSchema, monthsOf, periodOf, type Month, type Period } from './period.js';
import { periodChecks } from './query.js';

/** The months a fact listing covers: `month`, or `from` and `to` (the drill of a row not grouped by month); neither: no limit. */
export const listingMonthsQuery = {
  month: monthSchema.optional().describe('one month, YYYY-MM in the business time zone'),
  from: monthSchema.optional().describe('instead of month, with to: the first month of a period'),
  to: monthSchema.optional().describe('with from: the last month (inclusive)'),
};

/** A listing's months: `month`, or `from` to `to` (included). */
export interface ListingMonths {
  readonly month?: Month | undefined;
  readonly from?: Month | undefined;
  readonly to?: Month | undefined;
}

export function listingMonthsChecks(query: ListingMonths, context: z.RefinementCtx): void {
  if (query.month !== undefined && (query.from !== undefined || query.to !== undefined)) context.addIssue({ code: 'custom', path: ['month'], message: 'either month, or from and to' });
  if (query.from === undefined && query.to !== undefined) context.addIssue({ code: 'custom', path: ['from'], message: 'from and to go together' });
  if (query.from !== undefined && query.to === undefined) context.addIssue({ code: 'custom', path: ['to'], message: 'from and to go together' });
  if (query.from !== undefined && query.to !== undefined) periodChecks({ from: query.from, to: query.to }, context);
}

/** The listing's months as a period, or null when it names none. */
export function listingPeriod(query: ListingMonths, timeZone: string): Period | null {
  if (query.month !== undefined) return periodOf(query.month, query.month, timeZone);
  return query.from !== undefined && query.to !== undefined ? periodOf(query.from, query.to, timeZone) : null;
}

/** The months a listing reads: `month`, else `from` to `to`; null when it names no bounded range (the caller reads the facts then). */
export function listingMonths({ month, from, to }: ListingMonths): Month[] | null {
  if (month !== undefined) return [month];
  return from !== undefined && to !== undefined ? monthsOf({ from, to }) : null;
}
