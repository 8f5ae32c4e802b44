import type { Db } from 'mongodb';
import { addCounts, type DayMove, type MoveCount, type MovementDay } from '../domain/movement-days.js';
import { byTimeThenPosition, countDay, countedMoves, daysOf, inRange, listingComplete, listingOrder, pagesToCount, publicCounts, type Listed, type MovementRange } from '../domain/movement-range.js';
import { movementDayId, movementDocuments, movementPageId, movementsHeadId } from './tier-movement-follower.js';

/** Reads by `_id` in flight at once: FerretDB 1.24 serves only `_id` equality from an index, so one query per document. */
const concurrentReads = 16;
/** Pages the listing reads per round, in the order of their first move. */
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
 * The movements of [from, to) from the day documents the tier movement follower keeps: each day of the range and
 * the pages needed read by `_id`, never a scan. Counts are exact at any instant; the listing is the first `limit`
 * moves by time (ties in the order of the feed).
 */
export async function tierMovements(db: Db, range: MovementRange, limit: number) {
  const documents = movementDocuments(db);
  const [head, stored] = await Promise.all([documents.head.findOne({ _id: movementsHeadId }), mapBounded(daysOf(range), (day) => documents.days.findOne({ _id: movementDayId(day) }))]);
  const days = new Map(stored.flatMap((day): [string, MovementDay][] => (day ? [[day.day, day]] : [])));
  const pages = new Map<string, Promise<readonly DayMove[]>>();
  const readPage = (day: string, index: number) => {
    const id = movementPageId(day, index);
    if (!pages.has(id)) pages.set(id, documents.pages.findOne({ _id: id }).then((page) => countedMoves(days.get(day)!, index, page?.moves ?? [])));
    return pages.get(id)!;
  };

  const perDay = await mapBounded([...days.values()], async (day) => {
    const read = await mapBounded(pagesToCount(day, range), async (index) => [index, await readPage(day.day, index)] as const);
    return countDay(day, range, new Map(read));
  });
  const counts = perDay.reduce<MoveCount[]>((sum, day) => addCounts(sum, day), []);

  const order = listingOrder([...days.values()], range);
  const listed: Listed[] = [];
  for (let read = 0; !listingComplete(listed, limit, order[read]); read += pagesPerRound) {
    const round = order.slice(read, read + pagesPerRound);
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
