import { describe, expect, it } from 'vitest';
import { createSummary, type HistorySummary } from './stats/summary.js';
import { history } from './test-support/history.js';

function summarise(): HistorySummary {
  const summary = createSummary();
  for (const fact of history()) summary.add(fact);
  return summary.result();
}

describe('shape of a year of 2000 customers', () => {
  const facts = history();
  const summary = summarise();

  it('is Pareto-like: the top 20% of buyers bring most revenue', () => {
    expect(summary.top20RevenueShare).toBeGreaterThan(0.55);
    expect(summary.top20RevenueShare).toBeLessThan(0.85);
  });

  it('refunds a few per cent of orders and merges about 2% of ids', () => {
    expect(summary.refunds / summary.purchases).toBeGreaterThan(0.02);
    expect(summary.refunds / summary.purchases).toBeLessThan(0.06);
    expect(summary.mergedAway / summary.customers).toBeGreaterThan(0.005);
    expect(summary.mergedAway / summary.customers).toBeLessThan(0.04);
    expect(summary.counts.CustomerErasureRequested).toBeLessThan(summary.customers * 0.01);
  });

  it('peaks on Double 11 and in November, dips in the Spring Festival month', () => {
    const months = Object.values(summary.purchasesByMonth);
    const mean = months.reduce((a, b) => a + b) / months.length;
    expect(summary.busiestDay?.date).toBe('2025-11-11');
    expect(summary.purchasesByMonth['2025-11']).toBeGreaterThan(1.3 * mean);
    expect(summary.purchasesByMonth['2025-02']).toBe(Math.min(...months));
  });

  it('spreads tenure over years before the history starts', () => {
    const since = facts.flatMap((fact) => (fact.type === 'CustomerRegistered' ? [fact.data.customerSince] : []));
    expect(since.filter((date) => date < '2022-01-01').length).toBeGreaterThan(since.length * 0.1);
    expect(since.filter((date) => date >= '2025-01-01').length).toBeGreaterThan(since.length * 0.3);
  });

  it('uses several channels for purchases and interactions, and every optional consent purpose', () => {
    const values = (type: string, key: string): Set<unknown> =>
      new Set(facts.filter((fact) => fact.type === type).map((fact) => (fact.data as Record<string, unknown>)[key]));
    expect(values('PurchaseRecorded', 'channel').size).toBeGreaterThanOrEqual(5);
    expect(values('InteractionRecorded', 'channel').size).toBe(6);
    expect(values('InteractionRecorded', 'kind').size).toBe(7);
    expect(values('ConsentGranted', 'purpose')).toEqual(new Set(['marketing', 'survey', 'analytics']));
    expect(values('ConsentWithdrawn', 'purpose').size).toBe(3);
  });
});
