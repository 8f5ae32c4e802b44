import type { TraceEvent } from '../metrics/drill.js';
import { round } from '../metrics/ratios.js';
import { parameterOf, type ChurnModel, type FactorName } from './churn-model.js';
import { dayMs, inWindow, type ContactSignal, type CustomerSignals, type PurchaseSignal, type ServiceSignal } from './churn-signals.js';

/** One factor of one customer: what was measured (`measured`), its value normalised to 0..1, and the facts behind it. */
export interface Factor {
  readonly name: FactorName;
  readonly measured: Readonly<Record<string, number | null>>;
  readonly value: number;
  readonly trace: readonly TraceEvent[];
}

const clamp = (value: number) => Math.min(1, Math.max(0, value));
const traceOf = (facts: readonly { readonly trace: readonly TraceEvent[] }[]) => facts.flatMap(({ trace }) => trace);

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Days since the last purchase against the median gap between the customer's purchases before asOf. */
export function recencyDrift(purchases: readonly PurchaseSignal[], asOf: number, model: ChurnModel): Factor {
  const before = purchases.filter(({ at }) => at < asOf);
  const last = before.at(-1);
  const gaps = before.slice(1).map(({ at }, index) => (at - before[index]!.at) / dayMs);
  const cap = parameterOf(model, 'recencyDrift', 'cap');
  const rhythm = median(gaps);
  const gapDays = Math.max(parameterOf(model, 'recencyDrift', 'minGapDays'), rhythm ?? parameterOf(model, 'recencyDrift', 'gapWithoutRhythmDays'));
  const daysSince = last === undefined ? null : (asOf - last.at) / dayMs;
  const drift = daysSince === null ? null : Math.min(cap, daysSince / gapDays);
  const value = drift === null ? 1 : clamp((drift - 1) / (cap - 1));
  return { name: 'recencyDrift', measured: { daysSince: daysSince === null ? null : round(daysSince), medianGapDays: rhythm === null ? null : round(rhythm), gapDays: round(gapDays), drift: drift === null ? null : round(drift) }, value: round(value), trace: traceOf(last ? [last] : []) };
}

/** Purchases in the window before asOf against the window before it. */
export function frequencyDecline(purchases: readonly PurchaseSignal[], asOf: number, model: ChurnModel): Factor {
  const days = parameterOf(model, 'frequencyDecline', 'windowDays');
  const recent = inWindow(purchases, asOf, days);
  const previous = inWindow(purchases, asOf, days, days);
  const value = previous.length === 0 ? 0 : clamp(1 - recent.length / previous.length);
  return { name: 'frequencyDecline', measured: { recent: recent.length, previous: previous.length }, value: round(value), trace: traceOf([...previous, ...recent]) };
}

/** Spend per currency in the same two windows; the steepest decline among the currencies bought in before. */
export function spendDecline(purchases: readonly PurchaseSignal[], asOf: number, model: ChurnModel): Factor {
  const days = parameterOf(model, 'spendDecline', 'windowDays');
  const recent = spendByCurrency(inWindow(purchases, asOf, days));
  const previous = spendByCurrency(inWindow(purchases, asOf, days, days));
  const ratios = [...previous].filter(([, spend]) => spend > 0).map(([currency, spend]) => (recent.get(currency) ?? 0) / spend);
  const lowest = ratios.length === 0 ? null : Math.min(...ratios);
  const value = lowest === null ? 0 : clamp(1 - lowest);
  const measured: Record<string, number | null> = { lowestRatio: lowest === null ? null : round(lowest) };
  for (const [currency, spend] of previous) measured[`previous${currency}`] = spend;
  for (const [currency, spend] of recent) measured[`recent${currency}`] = spend;
  return { name: 'spendDecline', measured, value: round(value), trace: traceOf([...inWindow(purchases, asOf, days, days), ...inWindow(purchases, asOf, days)]) };
}

/** Spend per currency in thousandths of its unit: exact for minor units of 0 to 3 digits; a ratio within one currency does not depend on the unit. */
export function spendByCurrency(purchases: readonly PurchaseSignal[]): Map<string, number> {
  const spend = new Map<string, number>();
  for (const { amount, currency } of purchases) spend.set(currency, (spend.get(currency) ?? 0) + thousandths(amount));
  return spend;
}

export function thousandths(amount: string): number {
  const [whole = '0', fraction = ''] = amount.split('.');
  return Number(whole) * 1000 + Number(fraction.padEnd(3, '0').slice(0, 3));
}

/** The share of the window's orders refunded before asOf. */
export function refunds(purchases: readonly PurchaseSignal[], asOf: number, model: ChurnModel): Factor {
  const orders = inWindow(purchases, asOf, parameterOf(model, 'refunds', 'windowDays'));
  const refunded = orders.filter(({ refundedAt }) => refundedAt !== null && refundedAt < asOf);
  const share = orders.length === 0 ? 0 : refunded.length / orders.length;
  return { name: 'refunds', measured: { orders: orders.length, refunded: refunded.length, share: round(share) }, value: round(clamp(share / parameterOf(model, 'refunds', 'cap'))), trace: traceOf(refunded) };
}

/** A count of dated service facts in the factor's window, against its cap. */
export function serviceCount(name: 'slaBreaches' | 'complaints' | 'poorSurveys', signals: readonly ServiceSignal[], asOf: number, model: ChurnModel): Factor {
  const counted = inWindow(signals, asOf, parameterOf(model, name, 'windowDays'));
  return { name, measured: { count: counted.length }, value: round(clamp(counted.length / parameterOf(model, name, 'cap'))), trace: traceOf(counted) };
}

/** Contact obligations due in the window before asOf and still open at asOf (neither fulfilled nor cancelled before it). */
export function overdueContacts(contacts: readonly ContactSignal[], asOf: number, model: ChurnModel): Factor {
  const overdue = inWindow(contacts, asOf, parameterOf(model, 'overdueContacts', 'windowDays')).filter(({ closedAt }) => closedAt === null || closedAt >= asOf);
  return { name: 'overdueContacts', measured: { count: overdue.length }, value: round(clamp(overdue.length / parameterOf(model, 'overdueContacts', 'cap'))), trace: traceOf(overdue) };
}

/** Every factor of the model for one customer, from the facts dated before asOf only. */
export function factorsOf(signals: CustomerSignals, asOf: number, model: ChurnModel): Factor[] {
  return [
    recencyDrift(signals.purchases, asOf, model),
    frequencyDecline(signals.purchases, asOf, model),
    spendDecline(signals.purchases, asOf, model),
    refunds(signals.purchases, asOf, model),
    serviceCount('slaBreaches', signals.breaches, asOf, model),
    serviceCount('complaints', signals.complaints, asOf, model),
    serviceCount('poorSurveys', signals.poorSurveys, asOf, model),
    overdueContacts(signals.contacts, asOf, model),
  ];
}
