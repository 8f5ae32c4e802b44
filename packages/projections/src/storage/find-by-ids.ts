import type { Collection, Document, Filter, FindOneOptions, WithId } from 'mongodb';

const parallelCalls = 8;

/**
 * The documents with these ids, in the order of the ids (missing ones left out), read one `_id`
 * equality at a time, a few in parallel: FerretDB 1.24 serves `_id: value` from an index but runs
 * `_id: { $in }` as a scan of the whole table (docs/benchmarks.md, FerretDB findings).
 */
export async function findByIds<T extends Document>(collection: Collection<T>, ids: readonly unknown[], options: Omit<FindOneOptions, 'timeoutMode'> = {}): Promise<WithId<T>[]> {
  const unique = [...new Set(ids)];
  const found: WithId<T>[] = [];
  for (let start = 0; start < unique.length; start += parallelCalls) {
    const documents = await Promise.all(unique.slice(start, start + parallelCalls).map((id) => collection.findOne({ _id: id } as Filter<T>, options)));
    for (const document of documents) if (document) found.push(document);
  }
  return found;
}

/** Deletes the documents with these ids the same way, one `_id` equality at a time (a `deleteMany` on `_id: { $in }` is a scan too). */
export async function deleteByIds<T extends Document>(collection: Collection<T>, ids: readonly unknown[]): Promise<void> {
  const unique = [...new Set(ids)];
  for (let start = 0; start < unique.length; start += parallelCalls) await Promise.all(unique.slice(start, start + parallelCalls).map((id) => collection.deleteOne({ _id: id } as Filter<T>)));
}
