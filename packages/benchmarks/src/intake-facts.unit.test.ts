import type { Fact } from '@ctp/synthetic-data';
import { describe, expect, it } from 'vitest';
import { checkOrder, intakeFacts, partitionByCustomer } from './intake-facts.js';

describe('facts for the intake row', () => {
  const facts = intakeFacts(6_000, 'intake-facts-test');

  it('takes a prefix of a synthetic history that intake will accept in order', () => {
    expect(facts).toHaveLength(6_000);
    expect(() => checkOrder(facts)).not.toThrow();
    expect(facts.some((fact) => fact.type === 'CustomersMerged')).toBe(true);
  });

  it('sends everything about one person through one client, in the original order', () => {
    const shares = partitionByCustomer(facts, 3);
    expect(shares.flat()).toHaveLength(facts.length);
    const clientOf = new Map<string, number>();
    shares.forEach((share, client) => {
      for (const fact of share) {
        expect(clientOf.get(fact.customerId) ?? client).toBe(client);
        clientOf.set(fact.customerId, client);
      }
      expect(() => checkOrder(share)).not.toThrow();
      const positions = share.map((fact) => facts.indexOf(fact));
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
    });
    for (const merge of facts.filter((fact) => fact.type === 'CustomersMerged')) {
      for (const id of merge.data.mergedAwayIds) expect(clientOf.get(id)).toBe(clientOf.get(merge.customerId));
    }
    expect(Math.min(...shares.map((share) => share.length))).toBeGreaterThan(facts.length / 6);
  });

  it('keeps a chain of merges together: B into A, then A into Z, all through the sender Z started on', () => {
    const occurredAt = '2025-01-01T00:00:00+08:00';
    const about = (customerId: string): Fact => ({ id: `${customerId}-request`, type: 'CustomerErasureRequested', customerId, occurredAt, data: { requestId: `R-${customerId}`, requestedVia: 'email' } });
    const merge = (customerId: string, mergedAway: string): Fact => ({ id: `${customerId}-merge`, type: 'CustomersMerged', customerId, occurredAt, data: { mergedAwayIds: [mergedAway], matchedOn: ['email'] } });
    const chain = [about('Z'), about('A'), about('B'), about('Y'), merge('A', 'B'), merge('Z', 'A'), about('B')];
    const [first, second] = partitionByCustomer(chain, 2);
    expect(first!.map((fact) => fact.customerId)).toEqual(['Z', 'A', 'B', 'A', 'Z', 'B']);
    expect(second!.map((fact) => fact.customerId)).toEqual(['Y']);
  });

  it('refuses facts intake would refuse', () => {
    const [registration, ...rest] = facts;
    const next = rest.find((fact) => fact.customerId === registration!.customerId)!;
    expect(() => checkOrder([next])).toThrow(/before its registration/);
    const erasure = { ...next, type: 'CustomerErasureRequested', data: {} } as unknown as Fact;
    expect(() => checkOrder([registration!, erasure, next])).toThrow(/after its erasure request/);
  });
});
