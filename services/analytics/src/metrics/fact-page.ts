/** A page of a fact listing: the facts, and `next`, the `after` of the page that follows (null: the last page). */
export interface FactPage<T> {
  readonly items: readonly T[];
  readonly next: string | null;
}

/**
 * Takes up to `limit` facts that pass `matches` from a source ordered by id (a cursor sorted by `_id`): for
 * filters computed in TypeScript (a month in the business time zone) rather than by FerretDB. Reads one
 * match past the page to know whether another follows.
 */
export async function takePage<T extends { readonly _id: string }>(source: AsyncIterable<T>, matches: (fact: T) => boolean, limit: number): Promise<FactPage<T>> {
  const items: T[] = [];
  for await (const fact of source) {
    if (!matches(fact)) continue;
    if (items.length === limit) return { items, next: items.at(-1)!._id };
    items.push(fact);
  }
  return { items, next: null };
}
