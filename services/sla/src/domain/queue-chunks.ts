import type { ListEntry } from './queue-lists.js';

/**
 * A case in a chunk of a list at `key`, put there by the event at `at` (an encoded position): an entry is replaced or
 * taken out only by a write from a later event, so writes applied twice change nothing. The case's line is kept once,
 * in its place, not in each of the 7 to 28 lists it is in.
 */
export interface ChunkEntry {
  readonly caseId: string;
  readonly key: string;
  readonly at: string;
}

/** A case put in a list at `key`, or taken out of the entry its `key` falls on (`put: false`). */
export interface ChunkWrite extends ChunkEntry {
  readonly put: boolean;
}

/** A chunk as its list's head names it: it holds the list's keys from `first` to the next chunk's first, `cases` of them. */
export interface ChunkRange {
  readonly id: string;
  readonly first: string;
  readonly cases: number;
}

/** A list's chunks in key order (the first from ''), and the number the next new chunk takes as its id. */
export interface ListDirectory {
  readonly chunks: readonly ChunkRange[];
  readonly nextChunk: number;
}

/** `list` -> the writes of a case's move (at `at`): out of the keys it `left`, then into the keys it was `added` at. */
export function moveEntries(caseId: string, left: readonly ListEntry[], added: readonly ListEntry[], at: string): Map<string, ChunkWrite[]> {
  const writes = new Map<string, ChunkWrite[]>();
  const add = ({ list, key }: ListEntry, put: boolean) => writes.set(list, [...(writes.get(list) ?? []), { caseId, key, at, put }]);
  for (const entry of left) add(entry, false);
  for (const entry of added) add(entry, true);
  return writes;
}

/** What a case's move from `before` to `after` changes: the entries it leaves, and those it takes that it did not hold. */
export function entriesChanged(before: readonly ListEntry[], after: readonly ListEntry[]): { left: ListEntry[]; added: ListEntry[] } {
  const keyed = (entries: readonly ListEntry[]) => new Set(entries.map(({ list, key }) => `${list}\n${key}`));
  const [held, kept] = [keyed(before), keyed(after)];
  return { left: before.filter(({ list, key }) => !kept.has(`${list}\n${key}`)), added: after.filter(({ list, key }) => !held.has(`${list}\n${key}`)) };
}

/** The index of the chunk holding `key`: the last whose first key is not after it. */
export function chunkIndexOf(chunks: readonly ChunkRange[], key: string): number {
  let [low, high] = [0, chunks.length - 1];
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (chunks[middle]!.first <= key) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** The ids of the chunks `writes` fall on: the ones to read before `refileList`. */
export function chunksTouched(chunks: readonly ChunkRange[], writes: readonly ChunkWrite[]): string[] {
  return chunks.length === 0 ? [] : [...new Set(writes.map(({ key }) => chunks[chunkIndexOf(chunks, key)]!.id))];
}

const byKey = (a: ChunkEntry, b: ChunkEntry) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** A chunk's entries with `writes` applied in order, each only over an older entry of its case at another key; null if none changed it. */
export function applyWrites(entries: readonly ChunkEntry[], writes: readonly ChunkWrite[]): ChunkEntry[] | null {
  const byCase = new Map(entries.map((entry) => [entry.caseId, entry]));
  let changed = false;
  for (const { put, ...write } of writes) {
    const held = byCase.get(write.caseId);
    if (held !== undefined && (held.at >= write.at || (put && held.key === write.key))) continue;
    if (put) byCase.set(write.caseId, write);
    else if (held === undefined) continue;
    else byCase.delete(write.caseId);
    changed = true;
  }
  return changed ? [...byCase.values()].sort(byKey) : null;
}

/** What a list's writes change: its directory, the chunks rewritten in place and the new ones, and those retired. */
export interface Refiled {
  readonly directory: ListDirectory;
  readonly rewritten: Map<string, ChunkEntry[]>;
  readonly created: Map<string, ChunkEntry[]>;
  readonly retired: string[];
}

/**
 * The list after `writes`, given its `directory` and the entries of the chunks they fall on (`held`). A chunk that
 * changes is rewritten in place; one past twice `size` entries is cut into chunks of `size` under new ids, and one left
 * empty is dropped (the chunk before it then holds its keys), so no chunk grows past twice `size` however many cases
 * share a deadline. Cut or dropped chunks are retired: their documents go once the head no longer names them. Counts
 * are taken from the chunks as written, so a head written behind its chunks (a crash between) is put right.
 */
export function refileList(directory: ListDirectory, held: ReadonlyMap<string, readonly ChunkEntry[]>, writes: readonly ChunkWrite[], size: number): Refiled {
  const { chunks } = directory;
  let nextChunk = directory.nextChunk;
  const byChunk = new Map<number, ChunkWrite[]>();
  for (const write of writes) {
    const index = chunks.length === 0 ? 0 : chunkIndexOf(chunks, write.key);
    byChunk.set(index, [...(byChunk.get(index) ?? []), write]);
  }
  const [rewritten, created, retired] = [new Map<string, ChunkEntry[]>(), new Map<string, ChunkEntry[]>(), [] as string[]];
  const cut = (entries: readonly ChunkEntry[], first: string): ChunkRange[] => {
    const pieces = Array.from({ length: Math.ceil(entries.length / size) }, (_, n) => entries.slice(n * size, (n + 1) * size));
    return pieces.map((piece, n) => {
      const id = String(nextChunk++);
      created.set(id, piece);
      return { id, first: n === 0 ? first : piece[0]!.key, cases: piece.length };
    });
  };
  const refiled = (range: ChunkRange | undefined, index: number): ChunkRange[] => {
    const stored = range ? (held.get(range.id) ?? []) : [];
    const listWrites = byChunk.get(index);
    if (listWrites === undefined) return range ? [range] : [];
    const entries = applyWrites(stored, listWrites);
    if (entries === null) return range ? [{ ...range, cases: stored.length }] : [];
    if (range) {
      if (entries.length > 0 && entries.length <= 2 * size) {
        rewritten.set(range.id, entries);
        return [{ ...range, cases: entries.length }];
      }
      retired.push(range.id);
    }
    return cut(entries, range?.first ?? '');
  };
  const next = chunks.length === 0 ? refiled(undefined, 0) : chunks.flatMap((range, index) => refiled(range, index));
  const from = next[0] && next[0].first !== '' ? [{ ...next[0], first: '' }, ...next.slice(1)] : next;
  return { directory: { chunks: from, nextChunk }, rewritten, created, retired };
}

/** The chunks holding the list's cases [offset, offset + limit), and how many cases come before the first. */
export function chunksFor(chunks: readonly ChunkRange[], offset: number, limit: number): { total: number; chunks: ChunkRange[]; before: number } {
  const found: ChunkRange[] = [];
  let before = 0;
  let seen = 0;
  for (const range of chunks) {
    if (range.cases > 0 && seen + range.cases > offset && seen < offset + limit) {
      if (found.length === 0) before = seen;
      found.push(range);
    }
    seen += range.cases;
  }
  return { total: seen, chunks: found, before };
}
