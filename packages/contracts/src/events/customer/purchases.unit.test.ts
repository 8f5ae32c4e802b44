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
