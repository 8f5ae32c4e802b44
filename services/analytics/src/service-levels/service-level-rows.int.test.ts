import { mongoUrl, uniqueName } from '@ctp/test-kit';
import { MongoClient, type Db } from 'mongodb';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ListingsOfHead } from '../metrics/listing-documents.js';
import type { Month } from '../metrics/period.js';
import { serviceLevelMonthDocuments, serviceLevelMonthsHeadId } from './service-level-month-store.js';
import { fileRows, serviceLevelRowsReader, type RowEntry } from './service-level-rows.js';
import { rowPiecesByMonth } from './test-support/row-pieces.js';

const timeZone = 'Asia/Shanghai';
const headId = serviceLevelMonthsHeadId(timeZone);
const caseId = (n: number) => `K-${String(n).padStart(4, '0')}`;
/** Rows of cases `from` up to `to`, each answering `replies` (what tells one filing from the next). */
const rowsOf = (from: number, to: number, replies: number): RowEntry[] =>
  Array.from({ length: to - from }, (_, n) => [caseId(from + n), JSON.stringify({ fact: { _id: caseId(from + n), replies, openedAt: '2026-02-03T00:00:00.000Z' }, clocks: [] })]);
const batch = (puts: Record<Month, RowEntry[]>) => new Map(Object.entries(puts));

describe('the service-level rows in pieces', () => {
  const client = new MongoClient(mongoUrl());
  let db: Db;
  beforeAll(() => client.connect());
  beforeEach(() => {
    db = client.db(uniqueName('sl_rows'));
  });
  afterEach(() => db.dropDatabase());
  afterAll(() => client.close());

  /** Files a batch after `head` with pieces of 4 to 8 rows and makes it the stored head. */
  const fileAfter = async (head: (ListingsOfHead & { position: string }) | null, position: string, puts: Record<Month, RowEntry[]>) => {
    const listings = await fileRows(serviceLevelMonthDocuments(db).rows, { headId, position, head }, batch(puts), { size: 4 });
    const next = { _id: headId, position, followedAt: new Date(), caughtUp: true, ...listings };
    await serviceLevelMonthDocuments(db).heads.replaceOne({ _id: headId }, next, { upsert: true });
    return next;
  };
  const repliesOf = (rows: Map<string, { fact: { replies: number } }>) => [...rows.values()].map(({ fact }) => fact.replies);
  const february = (from: number, to: number) => Array.from({ length: to - from }, (_, n) => ({ id: caseId(from + n), month: '2026-02' }));

  it('a change of one row writes again only its piece, its month\'s directory and the head\'s', async () => {
    const first = await fileAfter(null, '10', { '2026-02': rowsOf(0, 20, 1), '2026-03': rowsOf(20, 30, 1) });
    const before = await rowPiecesByMonth(db, first);
    expect(before['2026-02']!.map(({ size }) => size)).toEqual([4, 4, 4, 4, 4]);

    const second = await fileAfter(first, '20', { '2026-02': rowsOf(5, 6, 2) });
    const after = await rowPiecesByMonth(db, second);
    expect(after['2026-03']).toEqual(before['2026-03']);
    const rewritten = after['2026-02']!.filter((piece) => !before['2026-02']!.some(({ id }) => id === piece.id));
    expect(rewritten).toEqual([{ id: expect.any(String), last: caseId(7), size: 4 }]);
    expect(await serviceLevelMonthDocuments(db).rows.chunks.countDocuments({ _id: { $regex: `^${headId}:10-20:` } })).toBe(3);
    expect(repliesOf(await serviceLevelRowsReader(db, timeZone, second)(february(4, 8)))).toEqual([1, 2, 1, 1]);
  });

  it('a reader of a directory a later batch replaced still reads its pieces, and once they are deleted reads the head again', async () => {
    const first = await fileAfter(null, '10', { '2026-02': rowsOf(0, 12, 1) });
    const second = await fileAfter(first, '20', { '2026-02': rowsOf(0, 12, 2) });
    expect(repliesOf(await serviceLevelRowsReader(db, timeZone, first)(february(0, 12)))).toEqual(Array(12).fill(1));

    // The batch after deletes what the second retired: the first's directories and pieces.
    await fileAfter(second, '30', { '2026-03': rowsOf(20, 21, 3) });
    expect(await serviceLevelMonthDocuments(db).rows.directories.findOne({ _id: first.listings! })).toBeNull();
    expect(repliesOf(await serviceLevelRowsReader(db, timeZone, first)(february(0, 12)))).toEqual(Array(12).fill(2));
  });
});
