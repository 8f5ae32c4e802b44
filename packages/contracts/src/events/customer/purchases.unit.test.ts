import { describe, expect, it } from 'vitest';
import { eventRegistry } from '../index.js';

const v1 = { customerId: 'C-1', orderId: 'SO-1', amountMinor: 129900, currency: 'CNY', channel: 'store' };

describe('PurchaseRecorded v1 -> v2', () => {
  it('turns integer minor units into an exact decimal amount', () => {
    expect(eventRegistry.upcast('PurchaseRecorded', 1, v1)).toEqual({
      version: 2,
      data: { customerId: 'C-1', orderId: 'SO-1', amount: '1299.00', currency: 'CNY', channel: 'store' },
    });
  });

  it('converts a negative margin and respects the currency exponent', () => {
    const { data } = eventRegistry.upcast('PurchaseRecorded', 1, { ...v1, amountMinor: 1500, currency: 'JPY', marginMinor: -120 });
    expect(data).toMatchObject({ amount: '1500', margin: '-120', currency: 'JPY' });
  });

  it('yields data the v2 schema accepts', () => {
    const { version, data } = eventRegistry.upcast('PurchaseRecorded', 1, { ...v1, currency: 'KWD', marginMinor: 5 });
    expect(eventRegistry.parseData('PurchaseRecorded', version, data)).toMatchObject({ amount: '129.900', margin: '0.005' });
  });
});

describe('amounts with more decimals than their currency has minor units', () => {
  const recorded = { customerId: 'C-1', orderId: 'SO-1', amount: '10.00', currency: 'CNY', channel: 'store' };
  const refunded = { customerId: 'C-1', orderId: 'SO-1', refundId: 'R-1', amount: '1.00', currency: 'USD' };
  const refusedPaths = (type: 'PurchaseRecorded' | 'PurchaseRefunded', data: Record<string, unknown>) => {
    const parsed = eventRegistry.latest(type).schema.safeParse(data);
    return parsed.success ? [] : parsed.error.issues.map((issue) => issue.path.join('.'));
  };

  it.each([
    ['1.234', 'CNY'],
    ['0.001', 'USD'],
    ['1.234', 'USD'],
    ['1500.5', 'JPY'],
    ['1.2345', 'KWD'],
  ])('refuses %s %s, naming the amount', (amount, currency) => {
    expect(refusedPaths('PurchaseRecorded', { ...recorded, amount, currency })).toEqual(['amount']);
    expect(refusedPaths('PurchaseRefunded', { ...refunded, amount, currency })).toEqual(['amount']);
  });

  it('refuses a margin beyond its currency too, and accepts amounts within it', () => {
    expect(refusedPaths('PurchaseRecorded', { ...recorded, margin: '-0.125' })).toEqual(['margin']);
    expect(refusedPaths('PurchaseRecorded', { ...recorded, amount: '1500', margin: '-20', currency: 'JPY' })).toEqual([]);
    expect(refusedPaths('PurchaseRecorded', { ...recorded, amount: '1.234', margin: '0.005', currency: 'KWD' })).toEqual([]);
    expect(refusedPaths('PurchaseRecorded', { ...recorded, amount: '12.5' })).toEqual([]);
  });
});
