import { describe, expect, it } from 'vitest';
import { defineProjection } from './definition.js';
import { EventFactory } from './test-support/event-factory.js';
import { purchaseTotals, toMinorUnits } from './test-support/purchase-totals.js';

describe('defineProjection', () => {
  const valid = { name: 'p', version: 1, categories: ['customer'] as const, collections: { c: { indexes: [] } }, handle: () => [] };

  it('accepts a valid definition and names every problem of an invalid one', () => {
    expect(defineProjection(valid)).toBe(valid);
    expect(() => defineProjection({ ...valid, name: 'Bad Name', version: 0, categories: [] })).toThrow(/name "Bad Name".*version must be.*categories must not be empty/);
    expect(() => defineProjection({ ...valid, collections: { 'has.dot': { indexes: [] } } })).toThrow(/collection "has.dot"/);
  });
});

describe('the sample purchase-totals projection', () => {
  it('turns purchases and refunds into guarded increments in exact minor units and ignores other events', () => {
    const factory = new EventFactory();
    const purchase = factory.purchase('C-1', '1299.5');
    const refund = factory.refund('C-1', '0.25');
    const writes = purchaseTotals.handle([purchase, factory.interaction('C-1'), refund]);
    expect(writes).toEqual([
      expect.objectContaining({ kind: 'upsert', collection: 'totals', id: 'C-1', position: purchase.globalPosition, update: expect.objectContaining({ $inc: { purchases: 1, amountMinor: 129950, refunds: 0, refundedMinor: 0 } }) }),
      expect.objectContaining({ id: 'C-1', position: refund.globalPosition, update: expect.objectContaining({ $inc: { refunds: 1, refundedMinor: 25, purchases: 0, amountMinor: 0 } }) }),
    ]);
  });

  it('converts decimals to minor units exactly', () => {
    expect(toMinorUnits('0.1', 'CNY') + toMinorUnits('0.2', 'CNY')).toBe(30);
    expect(toMinorUnits('1500', 'JPY')).toBe(1500);
    expect(toMinorUnits('1.234', 'KWD')).toBe(1234);
    expect(() => toMinorUnits('1.234', 'CNY')).toThrow(/more than 2 decimals/);
  });
});
