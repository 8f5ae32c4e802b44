import { describe, expect, it } from 'vitest';
import type { Fact } from '../facts.js';
import { createSummary, topShare } from './summary.js';

const purchase = (customerId: string, amount: string, occurredAt: string): Fact => ({
  id: `00000000-0000-4000-8000-${customerId.padStart(12, '0')}`,
  type: 'PurchaseRecorded',
  customerId,
  occurredAt,
  data: { orderId: `SO-${customerId}`, amount, currency: 'CNY', channel: 'store' },
});

describe('summary', () => {
  it('takes the share of the largest values', () => {
    expect(topShare([80, 5, 5, 5, 5], 0.2)).toBe(0.8);
    expect(topShare([], 0.2)).toBe(0);
  });

  it('folds merged-away ids into their survivor before ranking', () => {
    const summary = createSummary();
    for (const fact of [
      purchase('1', '10.00', '2025-01-02T10:00:00+08:00'),
      purchase('2', '10.00', '2025-01-02T11:00:00+08:00'),
      purchase('3', '30.00', '2025-02-01T10:00:00+08:00'),
      purchase('4', '50.00', '2025-02-01T10:00:00+08:00'),
      purchase('5', '50.00', '2025-02-01T10:00:00+08:00'),
    ]) summary.add(fact);
    summary.add({ id: 'x', type: 'CustomersMerged', customerId: '1', occurredAt: '2025-03-01T00:00:00+08:00', data: { mergedAwayIds: ['2'], matchedOn: ['phone'] } });
    const result = summary.result();
    expect(result.mergedAway).toBe(1);
    expect(result.top20RevenueShare).toBeCloseTo(50 / 150);
    expect(result.purchasesByMonth).toEqual({ '2025-01': 2, '2025-02': 3 });
    expect(result.busiestDay).toEqual({ date: '2025-02-01', purchases: 3 });
  });

  it('folds a chain of merges (2 into 1, later 1 into 3) into its last survivor', () => {
    const summary = createSummary();
    for (const fact of [purchase('1', '10.00', '2025-01-02T10:00:00+08:00'), purchase('2', '10.00', '2025-01-02T11:00:00+08:00'), purchase('3', '30.00', '2025-02-01T10:00:00+08:00'), purchase('4', '45.00', '2025-02-01T10:00:00+08:00')]) summary.add(fact);
    summary.add({ id: 'x', type: 'CustomersMerged', customerId: '1', occurredAt: '2025-03-01T00:00:00+08:00', data: { mergedAwayIds: ['2'], matchedOn: ['phone'] } });
    summary.add({ id: 'y', type: 'CustomersMerged', customerId: '3', occurredAt: '2025-03-02T00:00:00+08:00', data: { mergedAwayIds: ['1'], matchedOn: ['email'] } });
    const result = summary.result();
    expect(result.mergedAway).toBe(2);
    expect(result.top20RevenueShare).toBeCloseTo(50 / 95);
  });
});
