import type { TraceEvent } from '../metrics/drill.js';

/** A purchase as the factors see it: its instant, amount (a decimal in `currency`), and when it was refunded, if it was. */
export interface PurchaseSignal {
  readonly orderId: string;
  readonly at: number;
  readonly amount: string;
  readonly currency: string;
  readonly refundedAt: number | null;
  readonly trace: readonly TraceEvent[];
}

/** A dated service fact: a breached SLA clock (at its deadline), a complaint (at its opening), a poor or missing survey answer. */
export interface ServiceSignal {
  readonly id: string;
  readonly at: number;
  readonly trace: readonly TraceEvent[];
}

/** A contact obligation owed to the customer: due at `at`, closed (fulfilled or cancelled) at `closedAt`, or still open. */
export interface ContactSignal extends ServiceSignal {
  readonly closedAt: number | null;
}

/** Everything the factors read of one customer; each list oldest first. */
export interface CustomerSignals {
  readonly customerId: string;
  readonly purchases: readonly PurchaseSignal[];
  readonly breaches: readonly ServiceSignal[];
  readonly complaints: readonly ServiceSignal[];
  readonly poorSurveys: readonly ServiceSignal[];
  readonly contacts: readonly ContactSignal[];
}

export const dayMs = 86_400_000;

/** The signals dated in the `days` x 24 h before `asOf` (asOf excluded). */
export function inWindow<T extends { readonly at: number }>(signals: readonly T[], asOf: number, days: number, offsetDays = 0): T[] {
  const end = asOf - offsetDays * dayMs;
  const start = end - days * dayMs;
  return signals.filter(({ at }) => at >= start && at < end);
}
