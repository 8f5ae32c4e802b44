import { describe, expect, it } from 'vitest';
import { addToDay, movesPerPage, type DayMove, type MovementDay } from './movement-days.js';
import { byTimeThenPosition, countDay, countedMoves, daysOf, listingComplete, listingOrder, monthsOf, nextRound, pagesToCount, publicCounts, type Listed, type MovementRange } from './movement-range.js';

const day = '2026-06-01';
const range = (from: string, to: string): MovementRange => ({ from: new Date(from), to: new Date(to) });
/** One move a minute from 00:00, every third a downgrade. */
const moves = Array.from({ length: 3 * movesPerPage }, (_, index): DayMove => ({
  customerId: `C-${index}`, at: new Date(Date.parse(`${day}T00:00:00.000Z`) + index * 60_000), from: index % 3 === 0 ? 'gold' : null, to: 'silver',
  direction: index % 3 === 0 ? 'downgrade' : 'assigned', eventId: `E-${index}`, position: String(index + 1),
}));
const stored: MovementDay = addToDay(null, [], moves, moves.at(-1)!.position, day)!.day;
const pages = new Map(Array.from({ length: 3 }, (_, index) => [index, moves.slice(index * movesPerPage, (index + 1) * movesPerPage)] as const));
const byHand = (within: MovementRange) => {
  const inside = moves.filter(({ at }) => at >= within.from && at < within.to);
  return { total: inside.length, downgrades: inside.filter(({ direction }) => direction === 'downgrade').length };
};

describe('counting a range of days', () => {
  it('lists the UTC days a range touches', () => {
    expect(daysOf(range('2026-05-31T23:00:00Z', '2026-06-02T00:00:00Z'))).toEqual(['2026-05-31', '2026-06-01']);
    expect(daysOf(range('2026-06-01T00:00:00Z', '2026-06-02T00:00:01Z'))).toEqual(['2026-06-01', '2026-06-02']);
  });

  it('lists the UTC months a range touches', () => {
    expect(monthsOf(range('2026-06-01T00:00:00Z', '2026-07-01T00:00:00Z'))).toEqual(['2026-06']);
    expect(monthsOf(range('2025-12-31T23:00:00Z', '2026-02-01T00:00:00.001Z'))).toEqual(['2025-12', '2026-01', '2026-02']);
  });

  it('given a whole day, then its counts with no page read', () => {
    const whole = range(`${day}T00:00:00Z`, '2026-06-02T00:00:00Z');
    expect(pagesToCount(stored, whole)).toEqual([]);
    expect(publicCounts(countDay(stored, whole, new Map()))).toEqual({ total: 600, assigned: 400, upgrades: 0, downgrades: 200, withdrawals: 0, counts: { 'none->silver': 400, 'gold->silver': 200 } });
  });

  it('given edges inside pages, then only those pages are read and the counts equal the moves', () => {
    for (const within of [range(`${day}T01:30:30Z`, `${day}T09:59:00Z`), range(`${day}T03:00:00Z`, `${day}T06:50:00Z`), range(`${day}T03:20:00Z`, `${day}T06:40:00Z`), range('2026-05-01T00:00:00Z', `${day}T00:00:00.001Z`)]) {
      const read = new Map(pagesToCount(stored, within).map((index) => [index, pages.get(index)!]));
      const counted = publicCounts(countDay(stored, within, read));
      expect({ total: counted.total, downgrades: counted.downgrades }).toEqual(byHand(within));
    }
    expect(pagesToCount(stored, range(`${day}T03:20:00Z`, `${day}T06:40:00Z`))).toEqual([]);
    expect(pagesToCount(stored, range(`${day}T03:00:00Z`, `${day}T06:50:00Z`))).toEqual([0, 2]);
  });

  it('given a page longer than its summary (written ahead before a crash), then only its counted moves', () => {
    expect(countedMoves(stored, 2, [...pages.get(2)!, moves[0]!])).toHaveLength(movesPerPage);
  });
});

describe('listing the first moves of a range', () => {
  it('reads pages by their first move and stops once no unread page can hold an earlier move', () => {
    const within = range(`${day}T02:00:00Z`, '2026-06-02T00:00:00Z');
    const order = listingOrder([stored], within);
    expect(order.map(({ index }) => index)).toEqual([0, 1, 2]);
    const listed: Listed[] = pages.get(0)!.filter(({ at }) => at >= within.from).map((move) => ({ move, page: 0 }));
    expect(listingComplete(listed.sort(byTimeThenPosition), 50, order[1])).toBe(true);
    expect(listingComplete(listed, 100, order[1])).toBe(false);
    expect(listingComplete([], 1, undefined)).toBe(true);
  });

  it('reads in a round the pages that can hold the moves still wanted, at least one and at most a bound', () => {
    const order = [150, 150, 150, 10, 10].map((count, index) => ({ day, index, first: new Date(index), moves: count }));
    expect(nextRound(order, 0, 200, 4).map(({ index }) => index)).toEqual([0, 1]);
    expect(nextRound(order, 2, 200, 2).map(({ index }) => index)).toEqual([2, 3]);
    expect(nextRound(order, 1, -5, 4).map(({ index }) => index)).toEqual([1]);
    expect(nextRound(order, 5, 10, 4)).toEqual([]);
  });

  it('given moves at one instant over several pages of a day, then a later page cannot hold an earlier one', () => {
    const instant = new Date(`${day}T12:00:00Z`);
    const same = (position: number): DayMove => ({ ...moves[0]!, at: instant, position: String(position) });
    const listed: Listed[] = [{ move: same(1), page: 0 }, { move: same(2), page: 0 }];
    expect(listingComplete(listed, 2, { day, index: 1, first: instant, moves: 1 })).toBe(true);
    expect(listingComplete(listed, 2, { day: '2026-06-02', index: 0, first: instant, moves: 1 })).toBe(false);
  });
});
