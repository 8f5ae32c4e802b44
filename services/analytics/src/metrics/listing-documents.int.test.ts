import { mongoUrl, uniqueName } from '@ctp/test-kit';
import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readChunks, readDirectoryDocument, startFiling, type ChunkDocument, type DirectoryDocument, type FilingPlace, type ListingDocuments } from './listing-documents.js';
import type { Chunk } from './sorted-chunks.js';

type Row = readonly [id: string, value: number];
const rows = (from: number, to: number, value: number): Row[] => Array.from({ length: to - from }, (_, n) => [`R-${String(from + n).padStart(4, '0')}`, value]);

describe('listing documents', () => {
  const client = new MongoClient(mongoUrl());
  let db: Db;
  let documents: ListingDocuments;
  beforeAll(async () => {
    await client.connect();
    db = client.db(uniqueName('listing_documents'));
    documents = { chunks: db.collection<ChunkDocument>('listings'), directories: db.collection<DirectoryDocument>('listings') };
  });
  afterAll(async () => {
    await db.dropDatabase();
    await client.close();
  });

  /** Files rows into two lists (the second's chunks in a directory the directory names) as a batch from `head` does. */
  const fileBatch = async (at: FilingPlace, lists: readonly (readonly Chunk[])[], puts: readonly Row[][]) => {
    const filing = await startFiling(documents, at, { gzip: true });
    const [first = [], second = []] = await filing.fileEach<Row>(lists.map((list, n) => ({ list, puts: puts[n]!, size: 3 })));
    const secondId = filing.subDirectory(second, null);
    return { ...(await filing.directory({ first, second: secondId })), first, second };
  };
  const listed = async (chunks: readonly Chunk[]) => [...(await readChunks<Row>(documents, chunks.map(({ id }) => id))).values()].flat();

  it('a batch filed again from the same head after a crash writes the same documents over those of the lost attempt, and they read as one filing', async () => {
    const first = await fileBatch({ headId: 'h', position: '10', head: null }, [[], []], [rows(0, 7, 1), rows(0, 4, 1)]);
    const head = { position: '10', listings: first.listings, retired: first.retired };
    const lost = await fileBatch({ headId: 'h', position: '20', head }, [first.first, first.second], [rows(5, 9, 2), rows(2, 3, 2)]);
    const again = await fileBatch({ headId: 'h', position: '20', head }, [first.first, first.second], [rows(5, 9, 3), rows(2, 3, 3)]);
    expect(again.listings).toBe(lost.listings);
    expect(await listed(again.first)).toEqual([...rows(0, 5, 1), ...rows(5, 9, 3)]);
    expect(await listed(again.second)).toEqual([...rows(0, 2, 1), ...rows(2, 3, 3), ...rows(3, 4, 1)]);
    const directory = await readDirectoryDocument<{ first: Chunk[]; second: string }>(documents, again.listings!);
    expect(directory?.first).toEqual(again.first);
    expect(await readDirectoryDocument<Chunk[]>(documents, directory!.second)).toEqual(again.second);
  });
});
