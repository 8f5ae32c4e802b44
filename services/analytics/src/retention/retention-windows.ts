import { monthStartIn, monthsOf, nextMonth, previousMonth, type Month, type Period } from '../metrics/period.js';
import type { Interval } from './retention-states.js';

export const customersPath = '/v1/analytics/retention/customers';

/** A row's span: one month (grouped by month), or the whole period; `months` are the drill filters that select it. */
export interface Span extends Interval {
  readonly month?: Month;
  readonly months: { readonly month: Month } | { readonly from: Month; readonly to: Month };
}

export function spansOf(period: Period, byMonth: boolean): Span[] {
  if (!byMonth) return [{ startMs: period.startMs, endMs: period.endMs, months: { from: period.from, to: period.to } }];
  return monthsOf(period).map((month) => ({ month, ...monthInterval(month, month, period.timeZone), months: { month } }));
}

export function monthInterval(from: Month, to: Month, timeZone: string): Interval {
  return { startMs: monthStartIn(from, timeZone), endMs: monthStartIn(nextMonth(to), timeZone) };
}

export const purchaseWindows = ['month', 'year'] as const;
export type PurchaseWindow = (typeof purchaseWindows)[number];

/** The repeat-purchase window of a month: the month itself, or the 12 months ending with it. */
export function windowOf(month: Month, window: PurchaseWindow, timeZone: string): Interval {
  let first = month;
  if (window === 'year') for (let step = 0; step < 11; step += 1) first = previousMonth(first);
  return monthInterval(first, month, timeZone);
}
