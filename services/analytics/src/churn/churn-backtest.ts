import { factorsOf, type Factor } from './churn-factors.js';
import { backtestMetrics, type BacktestMetrics } from './churn-metrics.js';
import type { ChurnModel } from './churn-model.js';
import { scoreOf, type RiskScore } from './churn-score.js';
import { dayMs, inWindow, type CustomerSignals } from './churn-signals.js';

/** Active at t, as retention counts it: a purchase in the `activeDays` x 24 h before t. */
export const activeDays = 365;

export function isActive(signals: CustomerSignals, asOf: number): boolean {
  return inWindow(signals.purchases, asOf, activeDays).length > 0;
}

export interface CustomerRisk extends RiskScore {
  readonly customerId: string;
  readonly factors: readonly Factor[];
}

/** Scores every customer active at asOf from the facts dated before it, highest score first (then by id). */
export function risksAt(customers: readonly CustomerSignals[], asOf: number, model: ChurnModel): CustomerRisk[] {
  return customers
    .filter((signals) => isActive(signals, asOf))
    .map((signals) => {
      const factors = factorsOf(signals, asOf, model);
      return { customerId: signals.customerId, factors, ...scoreOf(factors, model) };
    })
    .sort((a, b) => b.score - a.score || (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0));
}

/** Churned: no purchase from asOf to `horizonDays` x 24 h after it. */
export function churnedAfter(signals: CustomerSignals, asOf: number, horizonDays: number): boolean {
  const end = asOf + horizonDays * dayMs;
  return !signals.purchases.some(({ at }) => at >= asOf && at < end);
}

/** Predict at asOf, then measure against what happened in the horizon. */
export function backtest(customers: readonly CustomerSignals[], asOf: number, horizonDays: number, model: ChurnModel): BacktestMetrics {
  const byId = new Map(customers.map((signals) => [signals.customerId, signals]));
  const outcomes = risksAt(customers, asOf, model).map(({ customerId, score, atRisk }) => ({ score, predicted: atRisk, churned: churnedAfter(byId.get(customerId)!, asOf, horizonDays) }));
  return backtestMetrics(outcomes);
}
