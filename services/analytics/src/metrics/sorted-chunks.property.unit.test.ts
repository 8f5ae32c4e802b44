import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { listPage, mergedPage, refile, type Chunk } from './sorted-chunks.js';

type Item = readonly [key: string, value: number];

const key = fc.integer({ min: 0, max: 60 }).map((n) => `K-${String(n).padStart(2, '0')}`);
/** Batches of puts, and of keys taken out after them. */
const batches = fc.array(fc.tuple(fc.array(fc.tuple(key, fc.integer({ min: 0, max: 9 })), { maxLength: 12 }), fc.array(key, { maxLength: 4 })), { minLength: 1, maxLength: 8 });

/** Several lists, each filed batch by batch into chunks kept in a map (the chunk documents), beside a plain map of what was put. */
function filed(lists: readonly (readonly (readonly [readonly Item[], readonly string[]])[])[], size: number) {
  const stored = new Map<string, readonly Item[]>();
  let written = 0;
  return lists.map((listBatches) => {
    let chunks: readonly Chunk[] = [];
    const model = new Map<string, Item>();
    for (const [puts, removes] of listBatches) {
      const filedBatch = refile(chunks, stored, puts, () => `chunk-${written++}`, size, removes);
      for (const { id, entries } of filedBatch.written) stored.set(id, entries);
      for (const id of filedBatch.retired) stored.delete(id);
      chunks = filedBatch.chunks;
      for (const put of puts) model.set(put[0], put);
      for (const removed of removes) model.delete(removed);
    }
    return { chunks, model, stored };
  });
}

describe('lists kept in sorted chunks', () => {
  it('hold what was put and not taken out, in key order, in chunks of at most twice the size', () => {
    fc.assert(fc.property(batches, fc.integer({ min: 1, max: 4 }), (listBatches, size) => {
      const [{ chunks, model, stored }] = filed([listBatches], size) as [ReturnType<typeof filed>[number]];
      const items = chunks.flatMap((chunk) => stored.get(chunk.id)!);
      expect(items).toEqual([...model.values()].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
      for (const chunk of chunks) {
        const ofChunk = stored.get(chunk.id)!;
        expect(ofChunk.length).toBe(chunk.size);
        expect(ofChunk.length).toBeLessThanOrEqual(2 * size);
        expect(ofChunk.at(-1)![0]).toBe(chunk.last);
      }
    }), { numRuns: 200 });
  });

  it('page several lists merged as one sorted list would, a key in several lists once, reading chunks only as far as the page goes', async () => {
    await fc.assert(fc.asyncProperty(fc.array(batches, { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 3 }), fc.option(key, { nil: undefined }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 10 }), async (lists, size, after, want, modulo) => {
      const all = filed(lists, size);
      const stored = all[0]!.stored;
      const accept = ([, value]: Item) => value % modulo === 0;
      // A key in several lists: the first list's entry that `accept` takes.
      const firstTaken = new Map<string, Item>();
      for (const item of all.flatMap(({ model }) => [...model.values()])) {
        if ((after === undefined || item[0] > after) && accept(item) && !firstTaken.has(item[0])) firstTaken.set(item[0], item);
      }
      const expected = [...firstTaken.values()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).slice(0, want);
      const reads: string[] = [];
      const read = async (ids: readonly string[]) => {
        reads.push(...ids);
        return new Map(ids.map((id) => [id, stored.get(id)!]));
      };
      const page = await mergedPage(all.map(({ chunks }) => chunks), read, after, accept, want);
      expect(page).toEqual(expected);
      expect(new Set(reads).size).toBe(reads.length);
    }), { numRuns: 200 });
  });

  it('page one list as its sorted entries would, in groups of chunks read as far as the page goes', async () => {
    await fc.assert(fc.asyncProperty(batches, fc.integer({ min: 1, max: 3 }), fc.option(key, { nil: undefined }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 4 }), async (listBatches, size, after, want, modulo, widest) => {
      const [{ chunks, model, stored }] = filed([listBatches], size) as [ReturnType<typeof filed>[number]];
      const accept = ([, value]: Item) => value % modulo === 0;
      const expected = [...model.values()].filter((item) => (after === undefined || item[0] > after) && accept(item)).sort((a, b) => (a[0] < b[0] ? -1 : 1)).slice(0, want);
      const reads: string[] = [];
      const read = async (ids: readonly string[]) => {
        reads.push(...ids);
        return new Map(ids.map((id) => [id, stored.get(id)!]));
      };
      const page = await listPage(chunks, read, after, accept, want, widest);
      expect(page).toEqual(expected);
      expect(new Set(reads).size).toBe(reads.length);
    }), { numRuns: 200 });
  });
});
