/** An entry of a sorted list: its key (an id) first. */
export type Entry = readonly [key: string, ...rest: unknown[]];

/** A chunk of a list as its directory names it: the document holding it, its last key and how many entries. */
export interface Chunk {
  readonly id: string;
  readonly last: string;
  readonly size: number;
}

const compareKeys = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The chunk an entry with `key` belongs to: the first whose last key is not before it, else the last. */
function chunkIndexOf(chunks: readonly Chunk[], key: string): number {
  const index = chunks.findIndex((chunk) => key <= chunk.last);
  return index < 0 ? chunks.length - 1 : index;
}

/** The chunks `keys` fall on: the ones to read before `refile`. */
export function chunksTouched(chunks: readonly Chunk[], keys: readonly string[]): string[] {
  if (chunks.length === 0) return [];
  return [...new Set(keys.map((key) => chunks[chunkIndexOf(chunks, key)]!.id))];
}

/**
 * The list after putting `puts` (replacing entries with the same key) and then taking out the entries keyed `removes`,
 * given the touched chunks' entries: each chunk that changes is written again under a new id (`newId`), cut into chunks
 * of `size` once it holds more than twice that, and left out once empty; the others keep theirs, so a reader of the
 * previous directory finds every chunk it names until they are retired.
 */
export function refile<E extends Entry>(chunks: readonly Chunk[], touched: ReadonlyMap<string, readonly E[]>, puts: readonly E[], newId: () => string, size: number, removes: readonly string[] = []) {
  const byChunk = new Map<number, Map<string, E>>();
  const indexOf = (key: string) => (chunks.length === 0 ? 0 : chunkIndexOf(chunks, key));
  const entriesOf = (index: number) => byChunk.get(index) ?? new Map((chunks.length === 0 ? [] : touched.get(chunks[index]!.id) ?? []).map((entry) => [entry[0], entry]));
  for (const put of puts) {
    const index = indexOf(put[0]);
    byChunk.set(index, entriesOf(index).set(put[0], put));
  }
  for (const key of removes) {
    if (chunks.length === 0 && !byChunk.has(0)) continue;
    const index = indexOf(key);
    const entries = entriesOf(index);
    if (entries.delete(key)) byChunk.set(index, entries);
  }
  const written: { id: string; entries: E[] }[] = [];
  const retired: string[] = [];
  const next: Chunk[] = [];
  const rewrite = (entries: Map<string, E>) => {
    const sorted = [...entries.values()].sort((a, b) => compareKeys(a[0], b[0]));
    if (sorted.length === 0) return;
    const pieces = sorted.length <= 2 * size ? [sorted] : Array.from({ length: Math.ceil(sorted.length / size) }, (_, n) => sorted.slice(n * size, (n + 1) * size));
    for (const piece of pieces) {
      const chunk = { id: newId(), last: piece.at(-1)![0], size: piece.length };
      written.push({ id: chunk.id, entries: piece });
      next.push(chunk);
    }
  };
  if (chunks.length === 0 && byChunk.has(0)) rewrite(byChunk.get(0)!);
  chunks.forEach((chunk, index) => {
    const entries = byChunk.get(index);
    if (entries === undefined) return void next.push(chunk);
    retired.push(chunk.id);
    rewrite(entries);
  });
  return { chunks: next, written, retired };
}

/**
 * The first `want` entries after `after` that `accept` takes, in key order, of several lists merged (the listings of
 * several months): reads a list's chunks one at a time (`read`), only as far as the page needs. A key in several
 * lists is one entry, the first list's that `accept` takes.
 */
export async function mergedPage<E extends Entry>(lists: readonly (readonly Chunk[])[], read: (ids: readonly string[]) => Promise<Map<string, readonly E[]>>, after: string | undefined, accept: (entry: E) => boolean, want: number): Promise<E[]> {
  const cursors = lists.map((chunks) => {
    const first = chunks.findIndex((chunk) => after === undefined || chunk.last > after);
    return first < 0 ? chunks.length : first;
  });
  const cache = new Map<string, readonly E[]>();
  const found: E[] = [];
  let lower = after;
  while (found.length < want) {
    const active = lists.map((chunks, list) => chunks[cursors[list]!]).filter((chunk) => chunk !== undefined);
    if (active.length === 0) break;
    const missing = active.map(({ id }) => id).filter((id) => !cache.has(id));
    if (missing.length > 0) {
      const stored = await read(missing);
      for (const id of missing) cache.set(id, stored.get(id) ?? missingChunk(id));
    }
    const bound = active.reduce((least, chunk) => (chunk.last < least ? chunk.last : least), active[0]!.last);
    const taken = active.flatMap(({ id }) => cache.get(id)!.filter((entry) => (lower === undefined || entry[0] > lower) && entry[0] <= bound && accept(entry)));
    found.push(...taken.sort((a, b) => compareKeys(a[0], b[0])).filter((entry, n, sorted) => n === 0 || sorted[n - 1]![0] !== entry[0]));
    lower = bound;
    lists.forEach((chunks, list) => {
      if (chunks[cursors[list]!]?.last === bound) cursors[list]! += 1;
    });
  }
  return found.slice(0, want);
}

const entriesIn = (chunks: readonly Chunk[]) => chunks.reduce((sum, { size }) => sum + size, 0);

/**
 * Whether a page of `want` entries of several lists reads fewer entries from one list holding them all (`whole`) than
 * from the lists themselves: there about `want` times the whole list's entries over the lists' share of them (their
 * entries spread evenly through the keys), here the first chunk of each list, read together and merged. Many lists
 * holding much of the whole are read from the whole (24 months of 24: one chunk, not 24); one list, or lists holding
 * few of its entries, from their own.
 */
export function readsFewerFromWhole(whole: readonly Chunk[], lists: readonly (readonly Chunk[])[], want: number): boolean {
  const [all, inLists] = [entriesIn(whole), lists.reduce((sum, chunks) => sum + entriesIn(chunks), 0)];
  if (all === 0 || inLists === 0) return false;
  const firstChunks = lists.reduce((sum, chunks) => sum + (chunks[0]?.size ?? 0), 0);
  return (want * all) / inLists < firstChunks;
}

/**
 * The first `want` entries after `after` that `accept` takes, of one list, in key order: reads its chunks in groups
 * growing from one to `widest` (each group's in parallel), only as far as the page needs: a page found in its first
 * chunk reads one, a sparse selection few round trips.
 */
export async function listPage<E extends Entry>(chunks: readonly Chunk[], read: (ids: readonly string[]) => Promise<Map<string, readonly E[]>>, after: string | undefined, accept: (entry: E) => boolean, want: number, widest = 8): Promise<E[]> {
  let next = chunks.findIndex((chunk) => after === undefined || chunk.last > after);
  const found: E[] = [];
  for (let width = 1; next >= 0 && next < chunks.length && found.length < want; width = Math.min(2 * width, widest)) {
    const group = chunks.slice(next, next + width);
    next += group.length;
    const stored = await read(group.map(({ id }) => id));
    for (const { id } of group) found.push(...(stored.get(id) ?? missingChunk(id)).filter((entry) => (after === undefined || entry[0] > after) && accept(entry)));
  }
  return found.slice(0, want);
}

/** A chunk a directory names that is gone: retired by a later batch between the reads; the caller reads again. */
export class ChunkRetired extends Error {}

/** A directory or chunk retired between reading the head and reading it: the head is read again, at most this often. */
const readAttempts = 3;

/**
 * `read(attempt)`'s answer, read again (from the head as it is then) while a directory or chunk it reads was retired
 * meanwhile (it throws ChunkRetired; its writer deletes what a head retired one batch later). `what` names the listing.
 */
export async function readingRetired<T>(what: string, read: (attempt: number) => Promise<T>): Promise<T> {
  for (let attempt = 0; attempt < readAttempts; attempt += 1) {
    try {
      return await read(attempt);
    } catch (error) {
      if (!(error instanceof ChunkRetired)) throw error;
    }
  }
  throw new Error(`${what}: retired ${readAttempts} times while being read`);
}

function missingChunk(id: string): never {
  throw new ChunkRetired(`the listing chunk ${id} is no longer stored`);
}
