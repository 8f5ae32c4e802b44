import { compareGlobalPositions, type GlobalPosition } from '@ctp/contracts';
import { addCounts, countsOf, dayOf, movesPerPage, type DayDigest, type DayMove, type MoveCount } from './movement-days.js';

/** One UTC month of moves as of `position`: a range of whole days or months is counted and listed from it alone. */
export interface MovementMonth {
  readonly month: string;
  readonly position: GlobalPosition;
  readonly moves: number;
  readonly counts: readonly MoveCount[];
  /** In day order. */
  readonly days: readonly DayDigest[];
}

export const monthOf = (day: string): string => day.slice(0, 7);

/**
 * A month's moves of a batch of the feed (in global order) added to the month as stored, skipping those at or before
 * its position, as a day document adds them: a move goes on its day's last page while that holds fewer than
 * `movesPerPage`, so the month's page spans name the pages the day documents fill. Null: nothing new.
 */
export function addToMonth(stored: MovementMonth | null, month: string, moves: readonly DayMove[], position: GlobalPosition): MovementMonth | null {
  const fresh = moves.filter((move) => monthOf(dayOf(move.at)) === month && (stored === null || compareGlobalPositions(move.position, stored.position) > 0));
  if (fresh.length === 0) return null;
  const days = new Map((stored?.days ?? []).map((digest) => [digest.day, { ...digest, pages: [...digest.pages] }]));
  for (const move of fresh) {
    const day = dayOf(move.at);
    const digest = days.get(day) ?? { day, moves: 0, counts: [], pages: [] };
    const open = digest.pages.at(-1);
    if (open && open.moves < movesPerPage) digest.pages[digest.pages.length - 1] = { first: earlier(open.first, move.at), last: later(open.last, move.at), moves: open.moves + 1 };
    else digest.pages.push({ first: move.at, last: move.at, moves: 1 });
    days.set(day, { ...digest, moves: digest.moves + 1, counts: addCounts(digest.counts, countsOf([move])) });
  }
  return {
    month,
    position,
    moves: (stored?.moves ?? 0) + fresh.length,
    counts: addCounts(stored?.counts ?? [], countsOf(fresh)),
    days: [...days.values()].sort((a, b) => a.day.localeCompare(b.day)),
  };
}

const earlier = (a: Date, b: Date) => (a.getTime() <= b.getTime() ? a : b);
const later = (a: Date, b: Date) => (a.getTime() >= b.getTime() ? a : b);
