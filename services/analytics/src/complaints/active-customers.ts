import { monthStartIn, nextMonth, type Month } from '../metrics/period.js';

/** A customer's purchases in one UTC month, by their first and last instants (an `activity` document). */
export interface PurchaseSpan {
  readonly customerId: string;
  readonly first: number;
  readonly last: number;
}

/**
 * The customers with a purchase in [startMs, endMs): those with a span where first < end and last >= start.
 * Exact for a month of a business time zone less than a day from UTC: a UTC month document then lies
 * inside the business month or straddles one of its ends, never both, and a straddling span has a
 * purchase inside exactly when its last (at the start) or first (at the end) one is.
 */
export function activeCustomersBetween(spans: readonly PurchaseSpan[], startMs: number, endMs: number): Set<string> {
  return new Set(spans.filter(({ first, last }) => first < endMs && last >= startMs).map(({ customerId }) => customerId));
}

/** Active customers (a purchase in the month, business time zone) per month. */
export function activeCustomersPerMonth(spans: readonly PurchaseSpan[], months: readonly Month[], timeZone: string): Map<Month, number> {
  return new Map(months.map((month) => [month, activeCustomersBetween(spans, monthStartIn(month, timeZone), monthStartIn(nextMonth(month), timeZone)).size]));
}
