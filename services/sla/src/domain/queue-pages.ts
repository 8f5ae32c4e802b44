import type { QueueLine } from '../queue/queue-item.js';
import type { ListEntry } from './queue-lists.js';

/**
 * A case in a bucket of a list. `at` is the encoded position of the case's last event that placed or removed it: an
 * entry is replaced only by a later one, so writes applied twice or out of order leave the latest. A case that left
 * stays as `live: false` (its position guards against an older write putting it back), without its line. A live
 * entry carries the case's line as of `at`: every event of a case rewrites each of its entries, so a page is read
 * from the buckets alone.
 */
export interface BucketEntry {
  readonly caseId: string;
  readonly key: string;
  readonly at: string;
  readonly live: boolean;
  readonly line?: QueueLine;
}

/** A bucket's count of live cases as of its `version`, as the list's head keeps it. */
export interface BucketCount {
  readonly bucket: string;
  readonly cases: number;
  readonly version: number;
}

/** `list` -> `bucket` -> the entries a case's move from `before` to `after` writes (at `at`), those of `after` with `line`. */
export function moveEntries(caseId: string, before: readonly ListEntry[], after: readonly ListEntry[], at: string, line?: QueueLine): Map<string, Map<string, BucketEntry[]>> {
  const writes = new Map<string, Map<string, BucketEntry[]>>();
  const add = ({ list, bucket, key }: ListEntry, live: boolean) => {
    const buckets = writes.get(list) ?? writes.set(list, new Map()).get(list)!;
    buckets.set(bucket, [...(buckets.get(bucket) ?? []), { caseId, key, at, live, ...(live && line ? { line } : {}) }]);
  };
  const stays = new Set(after.map(({ list, bucket }) => `${list}\n${bucket}`));
  for (const entry of before) if (!stays.has(`${entry.list}\n${entry.bucket}`)) add(entry, false);
  for (const entry of after) add(entry, true);
  return writes;
}

/** The bucket with `writes` applied, each only over an older entry of its case; null if none changed it. */
export function mergeBucket(entries: readonly BucketEntry[], writes: readonly BucketEntry[]): BucketEntry[] | null {
  const byCase = new Map(entries.map((entry) => [entry.caseId, entry]));
  let changed = false;
  for (const write of writes) {
    const stored = byCase.get(write.caseId);
    if (stored !== undefined && stored.at >= write.at) continue;
    byCase.set(write.caseId, write);
    changed = true;
  }
  return changed ? [...byCase.values()].toSorted((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)) : null;
}

/** The head's counts with `counted` applied, each only over an older version of its bucket; null if none changed. */
export function mergeCounts(counts: readonly BucketCount[], counted: readonly BucketCount[]): BucketCount[] | null {
  const byBucket = new Map(counts.map((count) => [count.bucket, count]));
  let changed = false;
  for (const count of counted) {
    const stored = byBucket.get(count.bucket);
    if (stored !== undefined && stored.version >= count.version) continue;
    byBucket.set(count.bucket, count);
    changed = true;
  }
  return changed ? [...byBucket.values()].toSorted((a, b) => (a.bucket < b.bucket ? -1 : 1)) : null;
}

/** The buckets holding the list's cases [offset, offset + limit), and how many live cases come before the first. */
export function bucketsFor(counts: readonly BucketCount[], offset: number, limit: number): { total: number; buckets: string[]; before: number } {
  const buckets: string[] = [];
  let before = 0;
  let seen = 0;
  for (const { bucket, cases } of counts) {
    if (cases > 0 && seen + cases > offset && seen < offset + limit) {
      if (buckets.length === 0) before = seen;
      buckets.push(bucket);
    }
    seen += cases;
  }
  return { total: seen, buckets, before };
}
