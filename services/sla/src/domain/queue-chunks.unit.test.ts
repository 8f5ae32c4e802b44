import { describe, expect, it } from 'vitest';
import { applyWrites, chunkIndexOf, chunksFor, entriesChanged, moveEntries, refileList, type ChunkEntry } from './queue-chunks.js';

const entry = (caseId: string, key: string, at: string): ChunkEntry => ({ caseId, key, at });
const put = (caseId: string, key: string, at: string) => ({ caseId, key, at, put: true });
const out = (caseId: string, key: string, at: string) => ({ caseId, key, at, put: false });

describe('the chunks of the queue lists', () => {
  it('given a case moving to another key, when moved, then it leaves the key it left and is put at its new one, and keys it keeps are not written', () => {
    const changed = entriesChanged([{ list: 'all', key: 'a' }, { list: 'all|open', key: 'a' }], [{ list: 'all', key: 'b' }, { list: 'all|open', key: 'a' }, { list: 'all|at_risk', key: 'a' }]);
    expect(changed).toEqual({ left: [{ list: 'all', key: 'a' }], added: [{ list: 'all', key: 'b' }, { list: 'all|at_risk', key: 'a' }] });
    const moves = moveEntries('K-1', changed.left, changed.added, '07');
    expect(moves.get('all')).toEqual([out('K-1', 'a', '07'), put('K-1', 'b', '07')]);
    expect(moves.get('all|at_risk')).toEqual([put('K-1', 'a', '07')]);
    expect(moves.has('all|open')).toBe(false);
  });

  it('given a chunk, when writes come twice or out of order, then each case keeps its latest entry, in key order', () => {
    const stored = [entry('K-1', 'b', '05'), entry('K-2', 'c', '06')];
    expect(applyWrites(stored, [out('K-1', 'b', '04'), put('K-2', 'c', '06'), out('K-3', 'a', '09')])).toBeNull();
    expect(applyWrites(stored, [put('K-2', 'a', '08'), out('K-1', 'b', '09')])).toEqual([entry('K-2', 'a', '08')]);
    expect(applyWrites(stored, [put('K-1', 'd', '09'), out('K-1', 'b', '09')]), 'moved within the chunk, in either order').toEqual([entry('K-2', 'c', '06'), entry('K-1', 'd', '09')]);
    expect(applyWrites(stored, [out('K-1', 'b', '09'), put('K-1', 'd', '09')])).toEqual([entry('K-2', 'c', '06'), entry('K-1', 'd', '09')]);
    expect(applyWrites(stored, [put('K-2', 'c', '08')]), 'put again at the key it holds, by a later event').toBeNull();
  });

  it('given a key, when routed, then it falls on the last chunk whose first key is not after it', () => {
    const chunks = [{ id: '1', first: '', cases: 1 }, { id: '2', first: 'd', cases: 1 }, { id: '3', first: 'k', cases: 1 }];
    expect(['a', 'd', 'e', 'k', 'z'].map((key) => chunks[chunkIndexOf(chunks, key)]!.id)).toEqual(['1', '2', '2', '3', '3']);
  });

  it('given many cases sharing a deadline, when filed, then no chunk holds more than twice the size', () => {
    const writes = Array.from({ length: 9 }, (_, n) => put(`K-${n}`, `0:100:${n}`, '01'));
    const first = refileList({ chunks: [], nextChunk: 1 }, new Map(), writes, 2);
    expect(first.directory).toEqual({ chunks: [{ id: '1', first: '', cases: 2 }, { id: '2', first: '0:100:2', cases: 2 }, { id: '3', first: '0:100:4', cases: 2 }, { id: '4', first: '0:100:6', cases: 2 }, { id: '5', first: '0:100:8', cases: 1 }], nextChunk: 6 });
    expect([...first.created.values()].flat().map(({ caseId }) => caseId)).toEqual(writes.map(({ caseId }) => caseId));

    const held = new Map(first.created);
    const grown = refileList(first.directory, held, [put('K-10', '0:100:61', '02'), put('K-11', '0:100:62', '02'), put('K-12', '0:100:63', '02')], 2);
    expect(grown.retired, 'the fourth cut in two').toEqual(['4']);
    expect(grown.directory.chunks.map(({ id, first, cases }) => `${id}:${first}:${cases}`)).toEqual(['1::2', '2:0:100:2:2', '3:0:100:4:2', '6:0:100:6:2', '7:0:100:62:2', '8:0:100:7:1', '5:0:100:8:1']);
  });

  it('given a chunk emptied, when filed, then it is dropped and the chunk before it holds its keys; the first chunk always starts the list', () => {
    const directory = { chunks: [{ id: '1', first: '', cases: 1 }, { id: '2', first: 'd', cases: 1 }, { id: '3', first: 'k', cases: 1 }], nextChunk: 4 };
    const held = new Map([['1', [entry('K-1', 'a', '01')]], ['2', [entry('K-2', 'e', '01')]], ['3', [entry('K-3', 'm', '01')]]]);
    const dropped = refileList(directory, held, [out('K-1', 'a', '02'), out('K-2', 'e', '02')], 2);
    expect(dropped.retired).toEqual(['1', '2']);
    expect(dropped.directory.chunks).toEqual([{ id: '3', first: '', cases: 1 }]);
  });

  it('given a head written behind its chunks, when the writes come again, then the counts are taken from the chunks', () => {
    const directory = { chunks: [{ id: '1', first: '', cases: 1 }], nextChunk: 2 };
    const refiled = refileList(directory, new Map([['1', [entry('K-1', 'a', '01'), entry('K-2', 'b', '02')]]]), [put('K-2', 'b', '02')], 2);
    expect(refiled.directory.chunks).toEqual([{ id: '1', first: '', cases: 2 }]);
    expect(refiled.rewritten.size + refiled.created.size).toBe(0);
  });

  it('given chunk counts, when a page is asked, then it names the chunks holding it and the cases before them', () => {
    const chunks = [{ id: 'a', first: '', cases: 3 }, { id: 'b', first: 'b', cases: 0 }, { id: 'c', first: 'c', cases: 4 }, { id: 'd', first: 'd', cases: 2 }];
    const ids = (offset: number, limit: number) => {
      const found = chunksFor(chunks, offset, limit);
      return { ...found, chunks: found.chunks.map(({ id }) => id) };
    };
    expect(ids(0, 2)).toEqual({ total: 9, chunks: ['a'], before: 0 });
    expect(ids(2, 3)).toEqual({ total: 9, chunks: ['a', 'c'], before: 0 });
    expect(ids(7, 50)).toEqual({ total: 9, chunks: ['d'], before: 7 });
    expect(ids(9, 5)).toEqual({ total: 9, chunks: [], before: 0 });
  });
});
