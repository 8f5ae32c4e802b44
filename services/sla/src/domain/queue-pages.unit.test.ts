import { describe, expect, it } from 'vitest';
import { bucketsFor, mergeBucket, mergeCounts, moveEntries } from './queue-pages.js';

const entry = (caseId: string, key: string, at: string, live = true) => ({ caseId, key, at, live });

describe('the buckets of the queue lists', () => {
  it('given a case moving from one bucket to another, when moved, then it leaves the first and enters the second', () => {
    const moves = moveEntries('K-1', [{ list: 'all', bucket: '0:1', key: 'a' }, { list: 'all|open', bucket: '0:1', key: 'a' }], [{ list: 'all', bucket: '0:2', key: 'b' }, { list: 'all|open', bucket: '0:1', key: 'c' }], '07');
    expect(moves.get('all')).toEqual(new Map([['0:1', [entry('K-1', 'a', '07', false)]], ['0:2', [entry('K-1', 'b', '07')]]]));
    expect(moves.get('all|open')).toEqual(new Map([['0:1', [entry('K-1', 'c', '07')]]]));
  });

  it('given a bucket, when writes come twice or out of order, then each case keeps its latest entry, in key order', () => {
    const stored = [entry('K-1', 'b', '05'), entry('K-2', 'c', '06')];
    expect(mergeBucket(stored, [entry('K-1', 'b', '04', false), entry('K-2', 'c', '06')])).toBeNull();
    expect(mergeBucket(stored, [entry('K-2', 'a', '08'), entry('K-1', 'b', '09', false)])).toEqual([entry('K-2', 'a', '08'), entry('K-1', 'b', '09', false)]);
  });

  it('given a list head, when counts come from older bucket versions, then they change nothing', () => {
    const counts = [{ bucket: '0:1', cases: 3, version: 4 }];
    expect(mergeCounts(counts, [{ bucket: '0:1', cases: 2, version: 3 }])).toBeNull();
    expect(mergeCounts(counts, [{ bucket: '1:9', cases: 1, version: 1 }, { bucket: '0:1', cases: 0, version: 5 }])).toEqual([{ bucket: '0:1', cases: 0, version: 5 }, { bucket: '1:9', cases: 1, version: 1 }]);
  });

  it('given bucket counts, when a page is asked, then it names the buckets holding it and the cases before them', () => {
    const counts = [{ bucket: 'a', cases: 3, version: 1 }, { bucket: 'b', cases: 0, version: 2 }, { bucket: 'c', cases: 4, version: 1 }, { bucket: 'd', cases: 2, version: 1 }];
    expect(bucketsFor(counts, 0, 2)).toEqual({ total: 9, buckets: ['a'], before: 0 });
    expect(bucketsFor(counts, 2, 3)).toEqual({ total: 9, buckets: ['a', 'c'], before: 0 });
    expect(bucketsFor(counts, 7, 50)).toEqual({ total: 9, buckets: ['d'], before: 7 });
    expect(bucketsFor(counts, 9, 5)).toEqual({ total: 9, buckets: [], before: 0 });
  });
});
