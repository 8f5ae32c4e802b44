import { describe, expect, it } from 'vitest';
import { emptyHistory, type CustomerHistory } from '../domain/metrics.js';
import { resolveMerges } from './customer-history.js';

const purchase = (orderId: string, at: number) => ({ orderId, at, amountMinor: 100, marginMinor: null, currency: 'CNY' });

function history(customerId: string, links: Partial<CustomerHistory> = {}): CustomerHistory {
  return { ...emptyHistory(customerId), registeredAt: 1, purchases: [purchase(`order-${customerId}`, 1)], ...links };
}

const byId = (...histories: CustomerHistory[]) => new Map(histories.map((kept) => [kept.customerId, kept]));

describe('given customers merged in a chain (B into A, later A and Y into Z)', () => {
  const histories = byId(
    history('Z', { mergedFrom: ['A', 'Y'] }),
    history('A', { mergedInto: 'Z', mergedFrom: ['B'] }),
    history('Y', { mergedInto: 'Z' }),
    history('B', { mergedInto: 'A' }),
    history('C'),
  );

  it('when resolved then only survivors remain, each holding every fact of its group in merge order', () => {
    const resolved = resolveMerges(histories);
    expect(resolved.map((kept) => kept.customerId)).toEqual(['Z', 'C']);
    expect(resolved[0]!.purchases.map(({ orderId }) => orderId)).toEqual(['order-Z', 'order-A', 'order-Y', 'order-B']);
    expect(resolved[0]!.mergedFrom).toEqual(['A', 'Y', 'B']);
  });
});

describe('given an erased survivor and a customer not registered', () => {
  it('when resolved then neither is in the tier base, nor anything merged into the erased one', () => {
    const histories = byId(history('E', { erasedAt: 5, mergedFrom: ['F'] }), history('F', { mergedInto: 'E' }), history('U', { registeredAt: null }));
    expect(resolveMerges(histories)).toEqual([]);
  });
});
