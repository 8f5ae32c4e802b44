import { compareGlobalPositions } from '@ctp/contracts';
import { addCounts, dayOf, type DayMove, type MoveCount, type MovementDay, type PageSpan } from './movement-days.js';

/** [from, to). */
export interface MovementRange {
  readonly from: Date;
  readonly to: Date;
}

/** Days a range may cover: a request reads a month document per month it touches (at most 15) and its two edge days. */
export const maxRangeDays = 400;
const dayMs = 86_400_000;

export function daysOf({ from, to }: MovementRange): string[] {
  const days: string[] = [];
  for (let day = Date.parse(dayOf(from)); day < to.getTime(); day += dayMs) days.push(dayOf(new Date(day)));
  return days;
}

/** The UTC months a range touches. */
export function monthsOf({ from, to }: MovementRange): string[] {
  const months: string[] = [];
  const last = dayOf(new Date(to.getTime() - 1)).slice(0, 7);
  for (let month = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), 1)); dayOf(month).slice(0, 7) <= last; month = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1))) months.push(dayOf(month).slice(0, 7));
  return months;
}

/** A day as a listing sees it: the spans of its pages, from its month or its own document. */
export interface DayPages {
  readonly day: string;
  readonly pages: readonly PageSpan[];
}

const spanWithin = (first: number, last: number, { from, to }: MovementRange) => first >= from.getTime() && last < to.getTime();
const spanOutside = (first: number, last: number, { from, to }: MovementRange) => last < from.getTime() || first >= to.getTime();
export const inRange = ({ at }: { at: Date }, range: MovementRange) => spanWithin(at.getTime(), at.getTime(), range);
export const dayWithin = (day: string, range: MovementRange) => spanWithin(Date.parse(day), Date.parse(day) + dayMs - 1, range);
const straddles = ({ first, last }: PageSpan, range: MovementRange) => !spanWithin(first.getTime(), last.getTime(), range) && !spanOutside(first.getTime(), last.getTime(), range);

/** The pages of a day that must be read to count it exactly: those holding moves both inside and outside the range. */
export function pagesToCount(day: MovementDay, range: MovementRange): number[] {
  if (dayWithin(day.day, range)) return [];
  return day.pages.flatMap((page, index) => (straddles(page, range) ? [index] : []));
}

/** The moves of a page its day counts (a page may hold moves written after them, before a crash). */
export const countedMoves = (day: DayPages, index: number, stored: readonly DayMove[]) => stored.slice(0, day.pages[index]?.moves ?? 0);

/** A day's counts within the range: whole pages from their summaries, the pages of `pagesToCount` move by move. */
export function countDay(day: MovementDay, range: MovementRange, pages: ReadonlyMap<number, readonly DayMove[]>): MoveCount[] {
  if (dayWithin(day.day, range)) return [...day.counts];
  let counts: MoveCount[] = [];
  day.pages.forEach((page, index) => {
    if (spanWithin(page.first.getTime(), page.last.getTime(), range)) counts = addCounts(counts, page.counts);
    else if (straddles(page, range)) {
      const stored = pages.get(index);
      if (!stored) throw new Error(`page ${index} of ${day.day} was not read`);
      const moves = countedMoves(day, index, stored).filter((move) => inRange(move, range));
      counts = addCounts(counts, moves.map(({ from, to, direction }) => ({ from, to, direction, moves: 1 })));
    }
  });
  return counts;
}

export function publicCounts(counts: readonly MoveCount[]) {
  const byMove: Record<string, number> = {};
  const byDirection = { assigned: 0, upgrade: 0, downgrade: 0, withdrawn: 0 };
  for (const { from, to, direction, moves } of counts) {
    const key = `${from ?? 'none'}->${to ?? 'none'}`;
    byMove[key] = (byMove[key] ?? 0) + moves;
    byDirection[direction] += moves;
  }
  const total = Object.values(byDirection).reduce((sum, moves) => sum + moves, 0);
  return { total, assigned: byDirection.assigned, upgrades: byDirection.upgrade, downgrades: byDirection.downgrade, withdrawals: byDirection.withdrawn, counts: byMove };
}

export interface PageRef {
  readonly day: string;
  readonly index: number;
  readonly first: Date;
  readonly moves: number;
}

/** The pages of the listing's next round from `read` on: enough to hold `wanted` moves if all fall in the range, at most `most`. */
export function nextRound(order: readonly PageRef[], read: number, wanted: number, most: number): PageRef[] {
  let end = read;
  for (let holding = 0; end < order.length && end - read < most && (end === read || holding < wanted); end += 1) holding += order[end]!.moves;
  return order.slice(read, end);
}

/** Pages that may hold moves of the range, by their first move: the listing reads them in this order. */
export function listingOrder(days: readonly DayPages[], range: MovementRange): PageRef[] {
  const pages = days.flatMap((day) => day.pages.flatMap((page, index) => (spanOutside(page.first.getTime(), page.last.getTime(), range) ? [] : [{ day: day.day, index, first: page.first, moves: page.moves }])));
  return pages.sort((a, b) => a.first.getTime() - b.first.getTime() || a.day.localeCompare(b.day) || a.index - b.index);
}

/** A listed move and the page it came from. */
export interface Listed {
  readonly move: DayMove;
  readonly page: number;
}

export const byTimeThenPosition = (a: Listed, b: Listed) => a.move.at.getTime() - b.move.at.getTime() || compareGlobalPositions(a.move.position, b.move.position);

/**
 * Whether the first `limit` moves (sorted) are final: no page not yet read can hold an earlier one. Moves at the same
 * instant share a day, whose later pages hold later positions only.
 */
export function listingComplete(sorted: readonly Listed[], limit: number, next: PageRef | undefined): boolean {
  if (next === undefined) return true;
  const last = sorted[limit - 1];
  if (last === undefined) return false;
  const at = last.move.at.getTime();
  return at < next.first.getTime() || (at === next.first.getTime() && next.day === dayOf(last.move.at) && next.index > last.page);
}
