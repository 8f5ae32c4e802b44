import type { TierEvent } from '@ctp/contracts';
import { describe, expect, it } from 'vitest';
import { scores } from './test-support/policies.js';
import { assigned, overridden, withdrawn } from './test-support/tier-events.js';
import { countChanges, noCounts, publicCounts, sumCounts, type TierCounts } from './tier-counts.js';

const changed = (from: string, to: string): TierEvent => {
  const { tier: _tier, ...explanation } = assigned(scores.gold).data as { tier: string };
  return { type: 'TierChanged', data: { ...explanation, from, to, direction: 'downgrade', rule: 'downgrade_confirmed' } } as TierEvent;
};
const expired = (tier: string, revertedTo: string | null, overrideId = 'OV-1'): TierEvent => ({ type: 'TierOverrideExpired', data: { customerId: 'C-1001', overrideId, tier, revertedTo } });

/** Three customers' tier streams: one served an override that ends after a downgrade under it, one withdrawn, one overridden before any computed tier. */
const streams: readonly (readonly TierEvent[])[] = [
  [assigned(scores.gold), overridden('key_account', '2027-01-01T00:00:00Z'), changed('gold', 'silver'), expired('key_account', 'silver')],
  [assigned(scores.gold), withdrawn('gold')],
  [overridden('gold', '2027-01-01T00:00:00Z', 'OV-3', null), overridden('key_account', '2027-01-01T00:00:00Z', 'OV-4', null)],
];
const revisionsOf = (stream: readonly TierEvent[]) => new Set(stream.map((_, revision) => revision));
const finalCounts = { served: { silver: 1, key_account: 1 }, computed: { silver: 1 }, overridden: 1, total: 2 };

describe('tier counts from each event’s change of standing', () => {
  it('given every event counted at once, then each customer counts once at its standing after the last event', () => {
    const counts = streams.reduce<TierCounts>((sum, stream) => countChanges(stream, revisionsOf(stream), sum), noCounts);
    expect(publicCounts(counts)).toEqual(finalCounts);
  });

  it('given the counts of each customer summed, then the counts of all three', () => {
    const counts = streams.reduce<TierCounts>((sum, stream) => sumCounts(sum, countChanges(stream, revisionsOf(stream))), noCounts);
    expect(publicCounts(counts)).toEqual(finalCounts);
  });

  it('given the events counted in batches, later ones first, then the same counts', () => {
    let counts = noCounts;
    for (const stream of streams) counts = countChanges(stream, new Set([...revisionsOf(stream)].filter((revision) => revision >= 2)), counts);
    for (const stream of streams) counts = countChanges(stream, new Set([0, 1]), counts);
    expect(publicCounts(counts)).toEqual(finalCounts);
  });

  it('given an override replacing another, then the served tier moves and the overridden count stays one', () => {
    const [third] = streams.slice(2);
    expect(publicCounts(countChanges(third!, new Set([1])))).toEqual({ served: { gold: -1, key_account: 1 }, computed: {}, overridden: 0, total: 0 });
    expect(publicCounts(countChanges(third!, new Set([0, 1])))).toEqual({ served: { key_account: 1 }, computed: {}, overridden: 1, total: 1 });
  });

  it('given a downgrade under an override, then the computed tier moves and the served tier does not', () => {
    const [first] = streams;
    expect(publicCounts(countChanges(first!, new Set([2])))).toEqual({ served: {}, computed: { gold: -1, silver: 1 }, overridden: 0, total: 0 });
  });
});
