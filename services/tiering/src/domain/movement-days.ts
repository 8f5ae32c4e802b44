import { compareGlobalPositions, type GlobalPosition } from '@ctp/contracts';
import type { Movement, MovementDirection } from './tier-movements.js';

/** Moves per page document: an import day can hold 100,000 moves, and a document may not grow without bound. */
export const movesPerPage = 200;

export interface DayMove extends Movement {
  readonly eventId: string;
  readonly position: GlobalPosition;
}

/** How many moves went from one tier to another in one direction (`null`: no tier). */
export interface MoveCount {
  readonly from: string | null;
  readonly to: string | null;
  readonly direction: MovementDirection;
  readonly moves: number;
}

/** A page's time span and how many of its moves count: enough to order pages for a listing without reading them. */
export interface PageSpan {
  readonly first: Date;
  readonly last: Date;
  readonly moves: number;
}

/** A page of a day's moves in global order: its span and counts, so a range covering it whole needs no read of it. */
export interface PageSummary extends PageSpan {
  readonly counts: readonly MoveCount[];
}

/** A day's counts and the spans of its pages: what its month holds of it. */
export interface DayDigest {
  readonly day: string;
  readonly moves: number;
  readonly counts: readonly MoveCount[];
  readonly pages: readonly PageSpan[];
}

/** One UTC day of moves as of `position`: every move of the day up to it is counted, in order, in `pages`. */
export interface MovementDay extends DayDigest {
  readonly position: GlobalPosition;
  readonly pages: readonly PageSummary[];
}

export interface MovementPage {
  readonly day: string;
  readonly index: number;
  readonly moves: readonly DayMove[];
}

export const dayOf = (at: Date): string => at.toISOString().slice(0, 10);

export function addCounts(counts: readonly MoveCount[], more: readonly Pick<MoveCount, 'from' | 'to' | 'direction' | 'moves'>[]): MoveCount[] {
  const result = counts.map((count) => ({ ...count }));
  for (const { from, to, direction, moves } of more) {
    const same = result.find((count) => count.from === from && count.to === to && count.direction === direction);
    if (same) same.moves += moves;
    else result.push({ from, to, direction, moves });
  }
  return result;
}

export const countsOf = (moves: readonly Movement[]) => addCounts([], moves.map(({ from, to, direction }) => ({ from, to, direction, moves: 1 })));

function summaryOf(moves: readonly DayMove[]): PageSummary {
  const times = moves.map(({ at }) => at.getTime());
  return { first: new Date(Math.min(...times)), last: new Date(Math.max(...times)), moves: moves.length, counts: countsOf(moves) };
}

/**
 * A day's moves of a batch of the feed (in global order) added to the day as stored, skipping those at or before
 * its position, so a batch read again after a crash adds nothing twice. `lastPage` is the stored moves of its last
 * page (only the first `moves` of its summary count: a page may hold moves written before a crash). Answers the
 * day and the pages to write, or null when nothing is new. The same feed always puts a move on the same page, so
 * two writers' pages differ only in how far they go.
 */
/** The moves a day has not counted yet: those after its position. */
export const freshMoves = (stored: MovementDay | null, moves: readonly DayMove[]) => (stored === null ? moves : moves.filter((move) => compareGlobalPositions(move.position, stored.position) > 0));

export function addToDay(stored: MovementDay | null, lastPage: readonly DayMove[], moves: readonly DayMove[], position: GlobalPosition, day: string): { day: MovementDay; pages: MovementPage[] } | null {
  const fresh = freshMoves(stored, moves);
  if (fresh.length === 0) return null;
  const summaries = [...(stored?.pages ?? [])];
  const lastSummary = summaries.at(-1);
  let open = lastSummary && lastSummary.moves < movesPerPage ? lastPage.slice(0, lastSummary.moves) : [];
  let index = open.length > 0 ? summaries.length - 1 : summaries.length;
  const pages: MovementPage[] = [];
  for (const move of fresh) {
    open = [...open, move];
    if (open.length === movesPerPage || move === fresh.at(-1)) {
      pages.push({ day, index, moves: open });
      summaries[index] = summaryOf(open);
      index += 1;
      open = [];
    }
  }
  return { day: { day, position, moves: (stored?.moves ?? 0) + fresh.length, counts: addCounts(stored?.counts ?? [], countsOf(fresh)), pages: summaries }, pages };
}
