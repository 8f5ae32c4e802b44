import type { Db } from 'mongodb';
import { addCounts, type DayMove, type MoveCount } from '../domain/movement-days.js';
import { byTimeThenPosition, countDay, countedMoves, dayWithin, daysOf, inRange, listingComplete, listingOrder, monthsOf, nextRound, pagesToCount, publicCounts, type DayPages, type Listed, type MovementRange } from '../domain/movement-range.js';
import { movementDayId, movementDocuments, movementMonthId, movementPageId, movementsHeadId } from './tier-movement-follower.js';

/** Reads by `_id` in flight at once: FerretDB 1.24 serves only `_id` equality from an index, so one query per document. */
const concurrentReads = 16;
/** Pages the listing reads per round at most, in the order of their first move. */
const pagesPerRound = 4;

async function mapBounded<T, R>(items: readonly T[], task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < items.length; index = next++) results[index] = await task(items[index]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrentReads, items.length) }, worker));
  return results;
}

/**
 * The movements of [from, to) from the documents the tier movement follower keeps, read by `_id`, never a scan: the
 * head, each month the range touches (whole days from their counts there) and the day documents of its edges when
 * they cut a day (whole pages from their summaries, the pages straddling the edge move by move), all at once; then
 * the pages listed. Counts are exact at any instant; the listing is the first `limit` moves by time (ties in the
 * order of the feed).
 */
export async function tierMovements(db: Db, range: MovementRange, limit: number) {
  const documents = movementDocuments(db);
  const edges = daysOf(range).filter((day) => !dayWithin(day, range));
  const [head, months, edgeDays] = await Promise.all([
    documents.head.findOne({ _id: movementsHeadId }),
    Promise.all(monthsOf(range).map((month) => documents.months.findOne({ _id: movementMonthId(month) }))),
    Promise.all(edges.map((day) => documents.days.findOne({ _id: movementDayId(day) }))),
  ]);
  const wholeDays = months.flatMap((month) => month?.days.filter(({ day }) => dayWithin(day, range)) ?? []);
  const partDays = edgeDays.filter((day) => day !== null);
  const days = new Map<string, DayPages>([...wholeDays, ...partDays].map((day) => [day.day, day]));
  const pages = new Map<string, Promise<readonly DayMove[]>>();
  const readPage = (day: string, index: number) => {
    const id = movementPageId(day, index);
    if (!pages.has(id)) pages.set(id, documents.pages.findOne({ _id: id }).then((page) => countedMoves(days.get(day)!, index, page?.moves ?? [])));
    return pages.get(id)!;
  };

  const partCounts = await mapBounded(partDays, async (day) => {
    const read = await mapBounded(pagesToCount(day, range), async (index) => [index, await readPage(day.day, index)] as const);
    return countDay(day, range, new Map(read));
  });
  const counts = [...wholeDays.map(({ counts: ofDay }) => ofDay), ...partCounts].reduce<MoveCount[]>((sum, ofDay) => addCounts(sum, ofDay), []);

  const order = listingOrder([...days.values()], range);
  const listed: Listed[] = [];
  for (let read = 0; !listingComplete(listed, limit, order[read]); ) {
    const round = nextRound(order, read, limit - listed.length, pagesPerRound);
    read += round.length;
    const moves = await Promise.all(round.map(async ({ day, index }) => (await readPage(day, index)).filter((move) => inRange(move, range)).map((move) => ({ move, page: index }))));
    listed.push(...moves.flat());
    listed.sort(byTimeThenPosition);
  }
  return {
    ...publicCounts(counts),
    movements: listed.slice(0, limit).map(({ move: { eventId, position: _position, ...move } }) => ({ eventId, ...move, at: move.at.toISOString() })),
    countedUpTo: head?.position ?? null,
  };
}
