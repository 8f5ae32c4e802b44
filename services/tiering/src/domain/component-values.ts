import type { TierComponent } from '@ctp/contracts';
import { addMonths, DAY_MS, startOfDayIn, wholeMonthsBetween } from '@ctp/calendar';
import { roundComponentValue } from './component-format.js';
import type { CustomerHistory, Purchase, Refund } from './metrics.js';

/** Raw inputs in the unit of componentUnit(component); money in minor units of the policy currency. */
export type ComponentValues = Record<TierComponent, number>;

export interface MeasureOptions {
  readonly asOf: number;
  readonly windowMonths: number;
  readonly monetaryBasis: 'margin' | 'revenue';
  /** The business time zone: customerSince, a date, counts from its start there. */
  readonly timeZone: string;
  /** Minor units of `currency` in minor units of the policy currency. */
  readonly toPolicyMinor: (amountMinor: number, currency: string) => number;
}

/**
 * Only facts at or before asOf count, and all but tenure only within the window (asOf - windowMonths, asOf].
 * - recency: whole days since the last purchase; no purchase in the window counts as the window's length in days.
 * - frequency: orders in the window. interaction_frequency: interactions in the window.
 * - monetary: margin (or revenue) of the orders in the window, less refunds made in the window. Against margin a
 *   refund takes back its order's margin in proportion; an order without a margin adds nothing to margin.
 * - tenure: whole months since customerSince (or since the first known fact when intake never said).
 * - repeat_purchase: share of the window's orders placed after an earlier order (of any date): 1 for a
 *   returning customer, (n - 1) / n for one whose first order is in the window, 0 without orders; to 4
 *   decimals, so that the decimal in an explanation is exactly the value that was scored.
 */
export function componentValues(history: CustomerHistory, options: MeasureOptions): ComponentValues {
  const { asOf } = options;
  const windowStart = addMonths(asOf, -options.windowMonths);
  const inWindow = (at: number) => at > windowStart && at <= asOf;
  const purchases = history.purchases.filter(({ at }) => at <= asOf);
  const windowPurchases = purchases.filter(({ at }) => inWindow(at));
  const windowDays = Math.floor((asOf - windowStart) / DAY_MS);
  const lastPurchase = Math.max(...windowPurchases.map(({ at }) => at));
  const firstPurchase = Math.min(...purchases.map(({ at }) => at));
  const repeats = windowPurchases.length - (inWindow(firstPurchase) ? 1 : 0);
  return {
    recency: windowPurchases.length === 0 ? windowDays : Math.floor((asOf - lastPurchase) / DAY_MS),
    frequency: windowPurchases.length,
    monetary: monetary(windowPurchases, history.refunds.filter(({ at }) => inWindow(at)), purchases, options),
    tenure: wholeMonthsBetween(tenureStart(history, asOf, options.timeZone), asOf),
    repeat_purchase: windowPurchases.length === 0 ? 0 : roundComponentValue('repeat_purchase', repeats / windowPurchases.length),
    interaction_frequency: history.interactions.filter(({ at }) => inWindow(at)).length,
  };
}

function monetary(
  windowPurchases: readonly Purchase[],
  windowRefunds: readonly Refund[],
  purchases: readonly Purchase[],
  { monetaryBasis, toPolicyMinor }: MeasureOptions,
): number {
  const basisOf = (purchase: Purchase) => (monetaryBasis === 'revenue' ? purchase.amountMinor : (purchase.marginMinor ?? 0));
  const ordersById = new Map(purchases.map((purchase) => [purchase.orderId, purchase]));
  const takenBack = (refund: Refund) => {
    if (monetaryBasis === 'revenue') return refund.amountMinor;
    const order = ordersById.get(refund.orderId);
    if (!order || order.marginMinor === null || order.amountMinor === 0) return 0;
    return Math.round((refund.amountMinor * order.marginMinor) / order.amountMinor);
  };
  const earned = windowPurchases.reduce((sum, purchase) => sum + toPolicyMinor(basisOf(purchase), purchase.currency), 0);
  const refunded = windowRefunds.reduce((sum, refund) => sum + toPolicyMinor(takenBack(refund), refund.currency), 0);
  return Math.round(earned - refunded);
}

function tenureStart(history: CustomerHistory, asOf: number, timeZone: string): number {
  if (history.customerSince !== null) return startOfDayIn(history.customerSince, timeZone);
  const known = [...history.purchases, ...history.interactions].map(({ at }) => at).filter((at) => at <= asOf);
  return known.length === 0 ? asOf : Math.min(...known);
}

/** The active base: customers neither merged away nor erased who bought within `activeWithinMonths` before asOf. */
export function isActiveCustomer(history: CustomerHistory, asOf: number, activeWithinMonths: number): boolean {
  const since = addMonths(asOf, -activeWithinMonths);
  return history.mergedInto === null && history.erasedAt === null && history.purchases.some(({ at }) => at > since && at <= asOf);
}
