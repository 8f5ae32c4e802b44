import { decimalToMinorUnits, minorUnitsToDecimal } from '@ctp/contracts';
import type { LedgerPurchase, LedgerRefund } from '../retention/customer-projection.js';

export const dayMs = 86_400_000;

/** Per currency: what was paid, what was refunded, and the difference, as exact decimal strings. */
export interface CurrencyAmounts {
  readonly currency: string;
  readonly purchased: string;
  readonly refunded: string;
  readonly net: string;
}

export interface PurchaseSummary {
  readonly count: number;
  readonly firstPurchaseAt: string | null;
  readonly lastPurchaseAt: string | null;
  /** Purchases in (now - 365 days, now]. */
  readonly last365Days: number;
  readonly refunds: number;
  /** Ordered by currency code. */
  readonly amounts: readonly CurrencyAmounts[];
}

/** Counts and sums a customer's purchases and refunds as of `nowMs`; amounts are summed in integer minor units of their currency. */
export function purchaseSummary(purchases: readonly LedgerPurchase[], refunds: readonly LedgerRefund[], nowMs: number): PurchaseSummary {
  const instants = purchases.map(({ at }) => at.getTime()).sort((a, b) => a - b);
  const totals = new Map<string, { purchased: number; refunded: number }>();
  const add = (currency: string, field: 'purchased' | 'refunded', amount: string) => {
    const total = totals.get(currency) ?? { purchased: 0, refunded: 0 };
    total[field] += decimalToMinorUnits(amount, currency);
    totals.set(currency, total);
  };
  for (const { currency, amount } of purchases) add(currency, 'purchased', amount);
  for (const { currency, amount } of refunds) add(currency, 'refunded', amount);
  const decimal = minorUnitsToDecimal;
  return {
    count: purchases.length,
    firstPurchaseAt: instants.length === 0 ? null : new Date(instants[0]!).toISOString(),
    lastPurchaseAt: instants.length === 0 ? null : new Date(instants.at(-1)!).toISOString(),
    last365Days: instants.filter((at) => at > nowMs - 365 * dayMs && at <= nowMs).length,
    refunds: refunds.length,
    amounts: [...totals.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([currency, { purchased, refunded }]) => ({ currency, purchased: decimal(purchased, currency), refunded: decimal(refunded, currency), net: decimal(purchased - refunded, currency) })),
  };
}
