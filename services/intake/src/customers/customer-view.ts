import { minorUnitsToDecimal, toReportingMinor, type ExchangeRates } from '@ctp/contracts';

export interface SummaryDocument {
  readonly customerId: string;
  readonly registered?: boolean;
  readonly purchases?: number;
  readonly spendMinor?: Record<string, number>;
  readonly refunds?: number;
  readonly refundedMinor?: Record<string, number>;
  readonly interactions?: number;
  readonly channels?: string[];
  readonly consent?: Record<string, { granted: boolean; at: Date }>;
  readonly lastPurchaseAt?: Date;
  readonly lastInteractionAt?: Date;
  readonly erased?: boolean;
  readonly lastEvent: { id: string; type: string; position: string; traceparent: string | null };
}

const addAmounts = (a: Record<string, number>, b: Record<string, number> = {}) =>
  Object.entries(b).reduce((sum, [currency, minor]) => ({ ...sum, [currency]: (sum[currency] ?? 0) + minor }), a);

const negated = (amounts: Record<string, number>) => Object.fromEntries(Object.entries(amounts).map(([currency, minor]) => [currency, -minor]));

const latest = (a: Date | undefined, b: Date | undefined) => (!a || (b && b > a) ? b : a);

function reporting(rates: ExchangeRates, amounts: Record<string, number>): string {
  const total = Object.entries(amounts).reduce((sum, [currency, minor]) => sum + toReportingMinor(rates, minor, currency), 0);
  return minorUnitsToDecimal(total, rates.reporting);
}

/**
 * One customer out of the summaries of a survivor (first) and the ids merged into it: counts add
 * up, consent per purpose is the latest decision, money is also shown in the reporting currency.
 */
export function combineSummaries(documents: readonly SummaryDocument[], rates: ExchangeRates) {
  const spendMinor = documents.reduce((sum, doc) => addAmounts(sum, doc.spendMinor), {});
  const refundedMinor = documents.reduce((sum, doc) => addAmounts(sum, doc.refundedMinor), {});
  const consent: Record<string, { granted: boolean; at: Date }> = {};
  for (const [purpose, state] of documents.flatMap((doc) => Object.entries(doc.consent ?? {}))) {
    if (!consent[purpose] || state.at > consent[purpose].at) consent[purpose] = state;
  }
  const lastEvent = documents.map((doc) => doc.lastEvent).reduce<SummaryDocument['lastEvent'] | null>((a, b) => (a && BigInt(a.position) >= BigInt(b.position) ? a : b), null);
  const purchasedAt = documents.map((doc) => doc.lastPurchaseAt).reduce(latest, undefined);
  const interactedAt = documents.map((doc) => doc.lastInteractionAt).reduce(latest, undefined);
  return {
    purchases: documents.reduce((sum, doc) => sum + (doc.purchases ?? 0), 0),
    spendMinor,
    refunds: documents.reduce((sum, doc) => sum + (doc.refunds ?? 0), 0),
    refundedMinor,
    netSpend: { amount: reporting(rates, addAmounts(spendMinor, negated(refundedMinor))), currency: rates.reporting },
    ...(purchasedAt ? { lastPurchaseAt: purchasedAt.toISOString() } : {}),
    interactions: documents.reduce((sum, doc) => sum + (doc.interactions ?? 0), 0),
    ...(interactedAt ? { lastInteractionAt: interactedAt.toISOString() } : {}),
    channels: [...new Set(documents.flatMap((doc) => doc.channels ?? []))].sort(),
    consent: Object.fromEntries(Object.entries(consent).map(([purpose, state]) => [purpose, { granted: state.granted, at: state.at.toISOString() }])),
    lastEvent,
  };
}
