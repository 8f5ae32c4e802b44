import type { Collection, Document, Filter, WithId } from 'mongodb';

const dayMs = 86_400_000;
const parallelDays = 8;

/** The days from `from` to `to`, both included (YYYY-MM-DD). */
export function daysFrom(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = Date.parse(from); day <= Date.parse(to); day += dayMs) days.push(new Date(day).toISOString().slice(0, 10));
  return days;
}

/** Runs `read` for each day of [from, to], a few days at a time, in the days' order. */
async function dayByDay<R>(from: string, to: string, read: (day: string) => Promise<R>): Promise<R[]> {
  const days = daysFrom(from, to);
  const results: R[] = [];
  for (let first = 0; first < days.length; first += parallelDays) results.push(...(await Promise.all(days.slice(first, first + parallelDays).map(read))));
  return results;
}

/**
 * The documents whose `day` is in [from, to] and that match `filter` (top-level equalities), read one `day` equality
 * at a time: FerretDB 1.24 hands equalities to PostgreSQL, but filters a range on `day` itself over every document.
 */
export async function findDayByDay<T extends Document & { day: string }>(collection: Collection<T>, from: string, to: string, filter: Filter<T> = {}): Promise<WithId<T>[]> {
  return (await dayByDay(from, to, (day) => collection.find({ ...filter, day } as Filter<T>).toArray())).flat();
}

/** How many documents `findDayByDay` would answer, counted day by day (a count's first `$match` is handed over too). */
export async function countDayByDay<T extends Document & { day: string }>(collection: Collection<T>, from: string, to: string, filter: Filter<T> = {}): Promise<number> {
  return (await dayByDay(from, to, (day) => collection.countDocuments({ ...filter, day } as Filter<T>))).reduce((sum, count) => sum + count, 0);
}
