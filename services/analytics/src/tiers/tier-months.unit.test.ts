import { describe, expect, it } from 'vitest';
import { periodOf } from '../metrics/period.js';
import { tierHistory } from './test-support/tier-history.js';
import { tierEvents } from './test-support/tier-events.js';
import { distributionTable, tierDistribution } from './tier-distribution.js';
import { movementsInForce } from './tier-history.js';
import { tierChangesOf, type StreamTierEvent, type TierChange } from './tier-month-changes.js';
import { addToHead, tiersAtMonthEnds } from './tier-months.js';
import { movementCountTable, movementFacts, tierMovementCounts } from './tier-movement-counts.js';
import type { TierMovementDocument } from './tier-projection.js';

const timeZone = 'Asia/Shanghai';
const months = ['2026-01', '2026-02', '2026-03'];
const asStreamEvent = ({ position, at, direction, event }: TierMovementDocument): StreamTierEvent => ({ position, at, fact: { direction, event } });

/** Every document's change, each customer's stream folded whole. */
function changesOf(documents: readonly TierMovementDocument[]): TierChange[] {
  const customers = [...new Set(documents.map(({ customerId }) => customerId))].map((customerId) => documents.filter((document) => document.customerId === customerId));
  return customers.flatMap((stream) => tierChangesOf(stream.map(asStreamEvent), new Set(stream.keys()), timeZone));
}

describe('the monthly tier changes', () => {
  it('give the distribution and the movement counts the fold of the facts gives', () => {
    const documents = tierHistory();
    const changes = changesOf(documents);
    const head = addToHead(null, changes, '9', new Date(0));
    expect(head.nets).toEqual({ '2026-01': { silver: 1, gold: 1 }, '2026-02': { silver: -1, key_account: 1 }, '2026-03': { key_account: -1, silver: 1 } });
    const ends = tiersAtMonthEnds(head.nets, months);
    for (const groupBy of [['month', 'tier'], ['tier'], ['month'], []] as const) {
      for (const filters of [{}, { tier: 'silver' }, { month: '2026-02' }, { tier: 'none' }]) {
        const request = { months, timeZone, groupBy, ...filters };
        expect(distributionTable((month) => new Map(Object.entries(ends.get(month) ?? {})), request)).toEqual(tierDistribution(movementsInForce(documents), request));
      }
    }
    const period = periodOf('2026-01', '2026-03', timeZone);
    const tallies = Object.entries(head.counts).flatMap(([month, counts]) => counts.map(({ from, to, direction, movements }) => ({ month, fromTier: from, toTier: to, direction, movements })));
    for (const groupBy of [['month', 'direction'], ['fromTier', 'toTier'], []] as const) {
      expect(movementCountTable(tallies, period, groupBy, {})).toEqual(tierMovementCounts(movementFacts(movementsInForce(documents), period, timeZone, {}), period, groupBy, {}));
    }
  });

  it('a movement before an earlier one in time moves only the month ends it decides, as the fold of the facts', () => {
    const c = tierEvents('C-9');
    // Assigned silver in March, then (later in the stream) upgraded to gold with a January time.
    const documents: TierMovementDocument[] = [
      { _id: 'E-1', customerId: 'C-9', at: new Date('2026-03-10T00:00:00Z'), position: '1', direction: 'assigned', rule: null, event: c.assigned('silver'), trace: [] },
      { _id: 'E-2', customerId: 'C-9', at: new Date('2026-01-10T00:00:00Z'), position: '2', direction: 'upgrade', rule: null, event: c.changed('silver', 'gold', 'upgrade'), trace: [] },
    ];
    const head = addToHead(null, changesOf(documents), '2', new Date(0));
    const request = { months, timeZone, groupBy: ['month', 'tier'] as const };
    const ends = tiersAtMonthEnds(head.nets, months);
    expect(distributionTable((month) => new Map(Object.entries(ends.get(month) ?? {})), request)).toEqual(tierDistribution(movementsInForce(documents), request));
    expect([...ends.values()]).toEqual([{ gold: 1 }, { gold: 1 }, { gold: 1 }]);
  });

  it('adds nothing twice: the head skips changes at or before its position', () => {
    const changes = changesOf(tierHistory());
    const [early, late] = [changes.filter(({ position }) => Number(position) <= 4), changes.filter(({ position }) => Number(position) > 4)];
    const upToTwo = addToHead(null, changes.filter(({ position }) => Number(position) <= 2), '2', new Date(0));
    expect(upToTwo.counts['2026-02']).toEqual([{ from: 'silver', to: 'gold', direction: 'upgrade', movements: 1 }]);
    expect(addToHead(upToTwo, early, '4', new Date(0)).counts['2026-02']).toEqual([...upToTwo.counts['2026-02']!, { from: 'gold', to: 'key_account', direction: 'override', movements: 1 }]);
    const head = addToHead(null, early, '4', new Date(0));
    const whole = addToHead(null, changes, '9', new Date(1));
    expect(addToHead(whole, changes, '12', new Date(1))).toMatchObject({ nets: whole.nets, counts: whole.counts });
    for (const again of [addToHead(head, changes, '9', new Date(1)), addToHead(head, late, '9', new Date(1)), addToHead(upToTwo, changes, '9', new Date(1))]) {
      expect(again).toMatchObject({ nets: whole.nets, counts: whole.counts });
    }
  });

  it('a warning, and a change under an override, move nothing', () => {
    const c = tierEvents('C-5');
    const stream: StreamTierEvent[] = [
      { position: '1', at: new Date('2026-01-02T00:00:00Z'), fact: { direction: 'assigned', event: c.assigned('gold') } },
      { position: '2', at: new Date('2026-01-03T00:00:00Z'), fact: null },
      { position: '3', at: new Date('2026-01-04T00:00:00Z'), fact: { direction: 'override', event: c.overridden('key_account', 'gold') } },
      { position: '4', at: new Date('2026-02-04T00:00:00Z'), fact: { direction: 'downgrade', event: c.changed('gold', 'silver', 'downgrade') } },
    ];
    expect(tierChangesOf(stream, new Set([1, 3]), timeZone)).toEqual([]);
    expect(tierChangesOf(stream, new Set([2]), timeZone)).toEqual([{ position: '3', movement: { month: '2026-01', from: 'gold', to: 'key_account', direction: 'override' }, nets: { '2026-01': { gold: -1, key_account: 1 } } }]);
  });
});
