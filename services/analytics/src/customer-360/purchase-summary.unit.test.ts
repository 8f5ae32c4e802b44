import { describe, expect, it } from 'vitest';
import { purchaseSummary } from './purchase-summary.js';

const purchase = (orderId: string, at: string, amount: string, currency = 'CNY') => ({ orderId, at: new Date(at), amount, currency, position: '1' });
const refund = (orderId: string, at: string, amount: string, currency = 'CNY') => ({ ...purchase(orderId, at, amount, currency), refundId: `R-${orderId}` });
const now = Date.parse('2026-05-01T00:00:00Z');

describe('a customer purchase summary', () => {
  it('counts purchases, first and last, the last 365 days and refunds; sums each currency exactly', () => {
    const summary = purchaseSummary(
      [purchase('O-2', '2026-04-01T00:00:00Z', '0.10'), purchase('O-1', '2025-05-01T00:00:00Z', '0.20'), purchase('O-3', '2026-04-02T00:00:00Z', '1000', 'JPY'), purchase('O-4', '2026-04-03T00:00:00Z', '1.005', 'KWD')],
      [refund('O-2', '2026-04-05T00:00:00Z', '0.05')],
      now,
    );
    // O-1 is exactly 365 days before now: outside (now - 365 days, now]. 0.10 + 0.20 = 0.30 exactly (not 0.30000000000000004).
    expect(summary).toEqual({
      count: 4,
      firstPurchaseAt: '2025-05-01T00:00:00.000Z',
      lastPurchaseAt: '2026-04-03T00:00:00.000Z',
      last365Days: 3,
      refunds: 1,
      amounts: [
        { currency: 'CNY', purchased: '0.30', refunded: '0.05', net: '0.25' },
        { currency: 'JPY', purchased: '1000', refunded: '0', net: '1000' },
        { currency: 'KWD', purchased: '1.005', refunded: '0.000', net: '1.005' },
      ],
    });
  });

  it('a customer without purchases: zeros, no instants, no amounts', () => {
    expect(purchaseSummary([], [], now)).toEqual({ count: 0, firstPurchaseAt: null, lastPurchaseAt: null, last365Days: 0, refunds: 0, amounts: [] });
  });
});
