import { describe, expect, it } from 'vitest';
import { addToDay, dayOf, movesPerPage, type DayMove, type MovementDay } from './movement-days.js';
import { addToMonth, type MovementMonth } from './movement-months.js';

/** Move i: on one of three days of June (and one of July), times not in feed order, every fourth a downgrade. */
const move = (position: number): DayMove => ({
  customerId: `C-${position}`, at: new Date(Date.UTC(2026, 5, 1 + ((position * 7) % 3), 0, (position * 37) % 1440) + (position % 9 === 0 ? 30 * 86_400_000 : 0)),
  from: position % 4 === 0 ? 'gold' : null, to: 'silver', direction: position % 4 === 0 ? 'downgrade' : 'assigned', eventId: `E-${position}`, position: String(position),
});
const feed = Array.from({ length: 3 * movesPerPage + 77 }, (_, index) => move(index + 1));
const cut = (sizes: readonly number[]) => {
  const batches: DayMove[][] = [];
  for (let first = 0, index = 0; first < feed.length; first += sizes[index % sizes.length]!, index += 1) batches.push(feed.slice(first, first + sizes[index % sizes.length]!));
  return batches;
};

function followMonth(batches: readonly DayMove[][], month: string, stored: MovementMonth | null = null) {
  for (const batch of batches) stored = addToMonth(stored, month, batch, batch.at(-1)!.position) ?? stored;
  return stored;
}
/** The day documents the same feed gives, as the day follower keeps them. */
function followDays(batches: readonly DayMove[][]) {
  const days = new Map<string, MovementDay>();
  const lastPages = new Map<string, DayMove[]>();
  for (const batch of batches) {
    for (const day of new Set(batch.map(({ at }) => dayOf(at)))) {
      const added = addToDay(days.get(day) ?? null, lastPages.get(day) ?? [], batch.filter(({ at }) => dayOf(at) === day), batch.at(-1)!.position, day);
      if (!added) continue;
      days.set(day, added.day);
      lastPages.set(day, [...added.pages.at(-1)!.moves]);
    }
  }
  return days;
}

describe('a month of moves, added batch by batch', () => {
  it('given the feed, then each day of the month as its day document counts it, with the spans of the same pages', () => {
    const month = followMonth(cut([100]), '2026-06')!;
    const days = followDays(cut([100]));
    const june = [...days.values()].filter(({ day }) => day.startsWith('2026-06')).sort((a, b) => a.day.localeCompare(b.day));
    expect(month.days).toEqual(june.map(({ day, moves, counts, pages }) => ({ day, moves, counts, pages: pages.map(({ first, last, moves: count }) => ({ first, last, moves: count })) })));
    expect(month.moves).toBe(feed.filter(({ at }) => at.getUTCMonth() === 5).length);
    expect(month.counts.reduce((sum, { moves }) => sum + moves, 0)).toBe(month.moves);
    expect(month.days.some(({ pages }) => pages.length > 1)).toBe(true);
  });

  it('given the same feed read again in other batches after a crash, then each move counts once', () => {
    const once = followMonth(cut([1000]), '2026-06');
    const crashed = followMonth(cut([90]).slice(0, 3), '2026-06');
    const again = followMonth(cut([40, 170, 3]), '2026-06', crashed);
    expect(again).toEqual({ ...once, position: again!.position });
  });

  it('given only moves of other months or at or before its position, then nothing to write', () => {
    const month = followMonth([feed.slice(0, 50)], '2026-06');
    expect(addToMonth(month, '2026-06', feed.slice(10, 50), '50')).toBeNull();
    expect(addToMonth(null, '2026-08', feed, '1000')).toBeNull();
  });
});
