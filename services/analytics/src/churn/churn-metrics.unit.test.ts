import { describe, expect, it } from 'vitest';
import { backtest } from './churn-backtest.js';
import { auc, backtestMetrics } from './churn-metrics.js';
import { churnModel } from './churn-model.js';
import type { CustomerSignals } from './churn-signals.js';

const outcome = (score: number, churned: boolean) => ({ score, churned, predicted: score >= 0.5 });

describe('backtest metrics', () => {
  it('AUC on 4 churned and 4 kept: the share of (churned, kept) pairs ranked right, ties half', () => {
    const churned = [0.9, 0.8, 0.4, 0.3].map((score) => outcome(score, true));
    const kept = [0.7, 0.5, 0.2, 0.1].map((score) => outcome(score, false));
    // 0.9 and 0.8 beat all 4 kept; 0.4 and 0.3 beat 0.2 and 0.1: 4 + 4 + 2 + 2 = 12 of 16 pairs
    expect(auc([...churned, ...kept])).toBe(0.75);
    // a kept 0.4 instead of 0.5 ties with the churned 0.4: 4 + 4 + 2.5 + 2 = 12.5 of 16
    expect(auc([...churned, ...[0.7, 0.4, 0.2, 0.1].map((score) => outcome(score, false))])).toBe(0.7813);
    expect(auc(churned)).toBeNull();
  });

  it('precision and recall at the threshold 0.5, with the counts and the base rate', () => {
    const outcomes = [...[0.9, 0.8, 0.4, 0.3].map((score) => outcome(score, true)), ...[0.7, 0.5, 0.2, 0.1].map((score) => outcome(score, false))];
    // predicted: 0.9, 0.8 (churned), 0.7, 0.5 (kept): precision 2/4; recall 2 of 4 churned
    expect(backtestMetrics(outcomes)).toEqual({
      customers: 8, churned: 4, predicted: 4, truePositives: 2, falsePositives: 2, falseNegatives: 2, trueNegatives: 2,
      baseRate: { numerator: 4, denominator: 8, value: 0.5 }, precision: { numerator: 2, denominator: 4, value: 0.5 }, recall: { numerator: 2, denominator: 4, value: 0.5 }, auc: 0.75,
    });
  });

  it('a backtest scores only customers active at asOf, from facts before it, and labels by the purchases after', () => {
    const day = 86_400_000;
    const asOf = Date.UTC(2026, 0, 1);
    const buy = (daysBefore: number) => ({ orderId: `o${daysBefore}`, at: asOf - daysBefore * day, amount: '1', currency: 'CNY', refundedAt: null, trace: [] });
    const customer = (customerId: string, days: number[]): CustomerSignals => ({ customerId, purchases: days.map(buy), breaches: [], complaints: [], poorSurveys: [], contacts: [] });
    const metrics = backtest([
      customer('lapsing', [360, 330, 300, 270, 240]), // 240 days on a 30-day rhythm: score 0.35 + 0.2 + 0.1 = 0.65; no purchase after: churned
      customer('steady', [60, 30, 1, -20]), // score 0; buys after: kept
      customer('gone', [500]), // not active at asOf: not scored
      customer('late', [200, -100]), // 0.35 x (200 / 90 - 1) / 3 + 0.2 x 1 + 0.1 x 1 = 0.4426: predicted; buys 100 days after: kept
    ], asOf, 180, churnModel);
    expect(metrics).toMatchObject({ customers: 3, churned: 1, predicted: 2, truePositives: 1, falsePositives: 1, auc: 1 });
  });
});
