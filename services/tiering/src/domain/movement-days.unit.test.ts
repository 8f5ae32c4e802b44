import { describe, expect, it } from 'vitest';
import { addToDay, movesPerPage, type DayMove, type MovementDay, type MovementPage } from './movement-days.js';

const day = '2026-06-01';
const move = (position: number, at = `${day}T10:00:00.000Z`, from: string | null = null, to: string | null = 'gold'): DayMove => ({
  customerId: `C-${position}`, at: new Date(at), from, to, direction: from === null ? 'assigned' : to === null ? 'withdrawn' : 'upgrade', eventId: `E-${position}`, position: String(position),
});
const moves = (first: number, count: number) => Array.from({ length: count }, (_, index) => move(first + index));

/** Applies batches the way the follower does, keeping pages as the store would (a page never shrinks). */
function follow(batches: readonly DayMove[][], stored: MovementDay | null = null, pages = new Map<number, readonly DayMove[]>()) {
  for (const batch of batches) {
    const lastIndex = (stored?.pages.length ?? 0) - 1;
    const added = addToDay(stored, pages.get(lastIndex) ?? [], batch, batch.at(-1)!.position, day);
    if (!added) continue;
    for (const page of added.pages) if ((pages.get(page.index)?.length ?? 0) < page.moves.length) pages.set(page.index, page.moves);
    stored = added.day;
  }
  return { stored, pages };
}

describe('a day of moves, added batch by batch', () => {
  it('given moves, then counts per move and pages of at most movesPerPage in feed order', () => {
    const { stored, pages } = follow([moves(1, movesPerPage + 50), [move(1000, `${day}T11:00:00.000Z`, 'gold', 'silver')]]);
    expect(stored).toMatchObject({ day, position: '1000', moves: movesPerPage + 51, counts: [{ from: null, to: 'gold', direction: 'assigned', moves: movesPerPage + 50 }, { from: 'gold', to: 'silver', direction: 'upgrade', moves: 1 }] });
    expect(stored!.pages.map(({ moves: count, first, last }) => [count, first.toISOString(), last.toISOString()])).toEqual([
      [movesPerPage, `${day}T10:00:00.000Z`, `${day}T10:00:00.000Z`],
      [51, `${day}T10:00:00.000Z`, `${day}T11:00:00.000Z`],
    ]);
    expect([...pages.values()].flat().map(({ position }) => Number(position))).toEqual([...moves(1, movesPerPage + 50).map((_, index) => index + 1), 1000]);
  });

  it('given the same feed read again in other batches after a crash, then each move counts once', () => {
    const once = follow([moves(1, 120), moves(121, 300)]);
    const crashed = follow([moves(1, 70)]);
    const again = follow([moves(1, 90), moves(91, 200), moves(291, 130)], crashed.stored, crashed.pages);
    expect(again.stored).toEqual(once.stored);
    expect([...again.pages.entries()]).toEqual([...once.pages.entries()]);
  });

  it('given a page written ahead of its day (a crash between the two), then only the moves the day counts are kept', () => {
    const { stored, pages } = follow([moves(1, 10)]);
    const ahead: MovementPage = { day, index: 0, moves: moves(1, 30) };
    const added = addToDay(stored, ahead.moves, moves(11, 5), '15', day)!;
    expect(added.pages).toEqual([{ day, index: 0, moves: moves(1, 15) }]);
    expect(added.day.moves).toBe(15);
    expect(pages.get(0)).toHaveLength(10);
  });

  it('given only moves at or before the day’s position, then nothing to write', () => {
    const { stored } = follow([moves(1, 10)]);
    expect(addToDay(stored, [], moves(5, 6), '10', day)).toBeNull();
  });
});
