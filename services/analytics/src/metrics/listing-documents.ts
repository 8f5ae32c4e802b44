import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import type { GlobalPosition } from '@ctp/contracts';
import { findByIds } from '@ctp/projections';
import type { Collection } from 'mongodb';
import { chunksTouched, refile, type Chunk, type Entry } from './sorted-chunks.js';

/**
 * A follower's listings (sorted-chunks.ts) as documents of its collection, read by `_id` only: chunks (`entries`, one
 * JSON string, or gzipped: FerretDB 1.24 hands over a long string slowly) and directories (one JSON string), each
 * written once under a new id (`<head id>:<head's position>-<batch's last position>:<n>`); the head names the
 * directory in force and what its batch retired.
 */
export interface ChunkDocument {
  readonly _id: string;
  /** The entries' JSON, or (a listing filed with `gzip`) that JSON gzipped, base64, in `entriesGzip`. */
  readonly entries?: string;
  readonly entriesGzip?: string;
}
export interface DirectoryDocument {
  readonly _id: string;
  readonly listings: string;
}

/** What the head keeps of the listings: the directory in force (null: nothing listed yet), and the documents its batch replaced. */
export interface ListingsOfHead {
  readonly listings: string | null;
  /** Replaced by the head's batch: the next batch deletes them, so a reader of the previous head still finds them meanwhile. */
  readonly retired: readonly string[];
}

export interface ListingDocuments {
  readonly chunks: Collection<ChunkDocument>;
  readonly directories: Collection<DirectoryDocument>;
}

/** Where a batch files: the head's id, the batch's last position, and the head it follows (null: the first batch). */
export interface FilingPlace {
  readonly headId: string;
  readonly position: GlobalPosition;
  readonly head: (ListingsOfHead & { readonly position: GlobalPosition }) | null;
}

const parallel = 8;

async function inGroups<T>(items: readonly T[], write: (item: T) => Promise<unknown>): Promise<void> {
  for (let first = 0; first < items.length; first += parallel) await Promise.all(items.slice(first, first + parallel).map(write));
}

const [zipped, unzipped] = [promisify(gzip), promisify(gunzip)];
const entriesOf = async <E>({ entries, entriesGzip }: ChunkDocument): Promise<E[]> =>
  JSON.parse(entriesGzip === undefined ? entries! : (await unzipped(Buffer.from(entriesGzip, 'base64'))).toString('utf8')) as E[];

/** The chunks with these ids, by id (missing ones left out). */
export async function readChunks<E extends Entry>(documents: ListingDocuments, ids: readonly string[]): Promise<Map<string, readonly E[]>> {
  return new Map(await Promise.all((await findByIds(documents.chunks, ids)).map(async (chunk) => [chunk._id, await entriesOf<E>(chunk)] as const)));
}

/** The directory with this id, parsed; null when it is not stored (retired meanwhile). */
export async function readDirectoryDocument<T>(documents: ListingDocuments, id: string): Promise<T | null> {
  const stored = await documents.directories.findOne({ _id: id });
  return stored === null ? null : (JSON.parse(stored.listings) as T);
}

/**
 * Starts filing a batch: deletes the previous head's retired documents, then files lists (each touched chunk written
 * again under a new id) and at last the directory, answering what the next head keeps. Ids name the head's position and
 * the batch's last, which decide what is written: a batch read again after a crash in the same boundaries writes the
 * same documents again, in others new ones (the lost attempt's are left unnamed).
 */
export async function startFiling(documents: ListingDocuments, at: FilingPlace, options: { readonly gzip?: boolean } = {}) {
  await inGroups(at.head?.retired ?? [], (id) => documents.chunks.deleteOne({ _id: id }));
  let number = 0;
  const newId = () => `${at.headId}:${at.head?.position ?? 0}-${at.position}:${number++}`;
  const retired: string[] = at.head?.listings ? [at.head.listings] : [];
  return {
    /** The list's chunks after the puts and removes (refile), the changed chunks written. */
    async file<E extends Entry>(list: readonly Chunk[], puts: readonly E[], size: number, removes: readonly string[] = []): Promise<readonly Chunk[]> {
      const touched = await readChunks<E>(documents, chunksTouched(list, [...puts.map((entry) => entry[0]), ...removes]));
      const filed = refile(list, touched, puts, newId, size, removes);
      const stored = async (entries: readonly E[]): Promise<Omit<ChunkDocument, '_id'>> =>
        (options.gzip === true ? { entriesGzip: (await zipped(JSON.stringify(entries))).toString('base64') } : { entries: JSON.stringify(entries) });
      await inGroups(filed.written, async ({ id, entries }) => documents.chunks.replaceOne({ _id: id }, await stored(entries), { upsert: true }));
      retired.push(...filed.retired);
      return filed.chunks;
    },
    /** Writes the directory under a new id: what the next head keeps. */
    async directory(listings: unknown): Promise<ListingsOfHead> {
      const id = newId();
      await documents.directories.replaceOne({ _id: id }, { listings: JSON.stringify(listings) }, { upsert: true });
      return { listings: id, retired };
    },
  };
}
