import { decimalToMinorUnits } from '@ctp/contracts';
import { describe, expect, it } from 'vitest';
import type { Fact } from './facts.js';
import { history, instant } from './test-support/history.js';

/** Every broken business rule intake would refuse, as readable lines. */
function violations(facts: readonly Fact[]): string[] {
  const found: string[] = [];
  const registeredAt = new Map<string, number>();
  const mergedAt = new Map<string, number>();
  const orders = new Map<string, { customerId: string; minor: number }>();
  const consents = new Set<string>();
  const erased = new Set<string>();
  let previous = -Infinity;
  for (const fact of facts) {
    const at = instant(fact);
    const who = `${fact.type} ${fact.id} of ${fact.customerId}`;
    if (at < previous) found.push(`${who} is out of time order`);
    previous = at;
    if (fact.type === 'CustomerRegistered') {
      if (registeredAt.has(fact.customerId)) found.push(`${who} registers again`);
      registeredAt.set(fact.customerId, at);
      continue;
    }
    if (!registeredAt.has(fact.customerId)) found.push(`${who} precedes the registration`);
    if (mergedAt.has(fact.customerId)) found.push(`${who} follows its merge`);
    if (erased.has(fact.customerId)) found.push(`${who} follows its erasure`);
    if (fact.type === 'PurchaseRecorded') {
      orders.set(fact.data.orderId, { customerId: fact.customerId, minor: decimalToMinorUnits(fact.data.amount, fact.data.currency) });
    } else if (fact.type === 'PurchaseRefunded') {
      const order = orders.get(fact.data.orderId);
      if (!order || order.customerId !== fact.customerId) found.push(`${who} refunds an unknown order`);
      else if (decimalToMinorUnits(fact.data.amount, fact.data.currency) > order.minor) found.push(`${who} refunds more than paid`);
    } else if (fact.type === 'CustomersMerged') {
      for (const id of fact.data.mergedAwayIds) {
        if (id === fact.customerId) found.push(`${who} merges into itself`);
        if (!registeredAt.has(id)) found.push(`${who} merges unregistered ${id}`);
        mergedAt.set(id, at);
      }
    } else if (fact.type === 'ConsentGranted') {
      consents.add(`${fact.customerId} ${fact.data.purpose}`);
    } else if (fact.type === 'ConsentWithdrawn') {
      if (!consents.delete(`${fact.customerId} ${fact.data.purpose}`)) found.push(`${who} withdraws consent never granted`);
    } else if (fact.type === 'CustomerErasureRequested') {
      erased.add(fact.customerId);
    }
  }
  return found;
}

describe('business rules', () => {
  it('holds for a default history: order, registration first, refunds, merges, consent, erasure', () => {
    expect(violations(history()).slice(0, 5)).toEqual([]);
  });

  it('holds with many refunds, duplicates and erasures', () => {
    const facts = history({ seed: 7, customers: 600, refundRate: 0.5, duplicateShare: 0.3, erasureRate: 0.5 });
    expect(facts.filter((fact) => fact.type === 'CustomersMerged').length).toBeGreaterThan(50);
    expect(facts.filter((fact) => fact.type === 'CustomerErasureRequested').length).toBeGreaterThan(50);
    expect(violations(facts).slice(0, 5)).toEqual([]);
  });

  it('sends facts under both ids before a merge', () => {
    const facts = history({ seed: 7, customers: 600, duplicateShare: 0.3 });
    const mergedAway = new Set(facts.flatMap((fact) => (fact.type === 'CustomersMerged' ? fact.data.mergedAwayIds : [])));
    const activity = facts.filter((fact) => mergedAway.has(fact.customerId) && fact.type !== 'CustomerRegistered');
    expect(activity.length).toBeGreaterThan(20);
  });

  it('sends late facts under merged-away ids only when factsAfterMerge asks for them', () => {
    const facts = history({ seed: 7, customers: 600, duplicateShare: 0.3, factsAfterMerge: true });
    const late = violations(facts);
    expect(late.length).toBeGreaterThan(0);
    expect(late.every((line) => line.endsWith('follows its merge'))).toBe(true);
  });
});
