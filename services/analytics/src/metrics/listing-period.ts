import type { z } from 'zod';
import { monthSchema, periodOf, type Period } from './period.js';
import { periodChecks } from './query.js';

/** The months a fact listing covers: `month`, or `from` and `to` (the drill of a row not grouped by month); neither: no limit. */
export const listingMonthsQuery = {
  month: monthSchema.optional().describe('one month, YYYY-MM in the business time zone'),
  from: monthSchema.optional().describe('instead of month, with to: the first month of a period'),
  to: monthSchema.optional().describe('with from: the last month (inclusive)'),
};

interface ListingMonths {
  readonly month?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
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
