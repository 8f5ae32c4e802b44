import type { Collection, Db, Document } from 'mongodb';
import type { FigureReadModels } from './target-figures.js';

type Reads = Map<string, Promise<unknown>>;

const byIdOnly = (args: readonly unknown[]): string | null => {
  const [filter, ...rest] = args;
  if (rest.length > 0 || typeof filter !== 'object' || filter === null || Object.keys(filter).length !== 1) return null;
  return '_id' in filter && typeof filter._id === 'string' ? filter._id : null;
};

const bound = (target: object, property: string | symbol) => {
  const value: unknown = Reflect.get(target, property, target);
  return typeof value === 'function' ? value.bind(target) : value;
};

function collectionReadOnce<T extends Document>(collection: Collection<T>, reads: Reads): Collection<T> {
  return new Proxy(collection, {
    get(target, property) {
      if (property !== 'findOne') return bound(target, property);
      return (...args: unknown[]) => {
        const id = byIdOnly(args);
        if (id === null) return Reflect.apply(target.findOne, target, args);
        const key = `${target.dbName}\u0000${target.collectionName}\u0000${id}`;
        if (!reads.has(key)) reads.set(key, Reflect.apply(target.findOne, target, args));
        return reads.get(key);
      };
    },
  });
}

function dbReadOnce(db: Db, reads: Reads): Db {
  return new Proxy(db, {
    get(target, property) {
      if (property !== 'collection') return bound(target, property);
      return (...args: Parameters<Db['collection']>) => collectionReadOnce(target.collection(...args), reads);
    },
  });
}

/**
 * The read models with every document read by `_id` alone read once, for one answer: a list of targets measures up
 * to two figures a target, each reading its follower's head, its index and month documents, most of them the same
 * (the six plan targets three months after their baseline: 67 reads, 24 of them repeats). The figures are measured without `minPosition`, so no
 * figure polls a head; the followers write their documents before their head, so one read of each is as consistent
 * as the reads it replaces.
 */
export function readingOnce<T extends FigureReadModels>(readModels: T): T {
  const reads: Reads = new Map();
  const once = <V extends { readonly db: Db }>(view: V): V => ({ ...view, db: dbReadOnce(view.db, reads) });
  return { ...readModels, satisfaction: once(readModels.satisfaction), complaints: once(readModels.complaints), serviceLevels: once(readModels.serviceLevels), retention: once(readModels.retention) };
}
