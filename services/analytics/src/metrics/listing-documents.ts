import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import type { GlobalPosition } from '@ctp/contracts';
import { deleteByIds, findByIds } from '@ctp/projections';
import { MongoBulkWriteError, type Collection, type Filter, type OptionalUnlessRequiredId, type WithoutId } from 'mongodb';
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

/** A list's chunks and what a batch puts into it and takes out of it. */
export interface ListChanges<E extends Entry> {
  readonly list: readonly Chunk[];
  readonly puts: readonly E[];
  readonly removes?: readonly string[];
  /** Entries per chunk (a chunk is cut once it holds more than twice as many). */
  readonly size: number;
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

/** Error code of a write that met a document with the same `_id`. */
const duplicateKey = 11_000;

/**
 * Writes documents under ids new to the batch, in one round trip (FerretDB 1.24 inserts several times faster than it
 * replaces). One already there was written by the same batch before a crash, with the same content; it is replaced anyway.
 */
async function insertNew<T extends { readonly _id: string }>(collection: Collection<T>, documents: readonly T[]): Promise<void> {
  if (documents.length === 0) return;
  try {
    await collection.insertMany(documents as OptionalUnlessRequiredId<T>[], { ordered: false });
  } catch (error) {
    const duplicates = duplicatesMet(error);
    if (duplicates === null) throw error;
    await inGroups(duplicates.map((index) => documents[index]!), (document) => collection.replaceOne({ _id: document._id } as Filter<T>, document as WithoutId<T>));
  }
}

/**
 * The indexes of the documents an unordered insertMany found already stored, when that is all that failed; null when it
 * failed otherwise: another write error, or the command itself (a closed connection, a cleared pool: the driver's
 * MongoBulkWriteError then has no write errors, and which documents were stored is not known).
 */
export function duplicatesMet(error: unknown): number[] | null {
  if (!(error instanceof MongoBulkWriteError)) return null;
  const errors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
  if (errors.length === 0 || errors.some(({ code }) => code !== duplicateKey)) return null;
  return errors.map(({ index }) => index);
}

const [zipped, unzipped] = [promisify(gzip), promisify(gunzip)];
/** A chunk document's entries. */
export const entriesOf = async <E>({ entries, entriesGzip }: ChunkDocument): Promise<E[]> =>
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
export interface FilingOptions {
  readonly gzip?: boolean;
  /**
   * The chunks the writer's last batch wrote, by id, kept between its batches (a chunk's id names its content for
   * good): a touched chunk found here is not read again, so a catch-up in id order reads back almost nothing.
   */
  readonly lastWritten?: Map<string, readonly Entry[]>;
}

export async function startFiling(documents: ListingDocuments, at: FilingPlace, options: FilingOptions = {}) {
  await deleteByIds(documents.chunks, at.head?.retired ?? []);
  let number = 0;
  const newId = () => `${at.headId}:${at.head?.position ?? 0}-${at.position}:${number++}`;
  const retired: string[] = at.head?.listings ? [at.head.listings] : [];
  const directories: DirectoryDocument[] = [];
  const lastWritten = new Map(options.lastWritten ?? []);
  const nextWritten = options.lastWritten ?? new Map<string, readonly Entry[]>();
  nextWritten.clear();
  return {
    /** The list's chunks after the puts and removes (refile), the changed chunks written. */
    async file<E extends Entry>(list: readonly Chunk[], puts: readonly E[], size: number, removes: readonly string[] = []): Promise<readonly Chunk[]> {
      return (await this.fileEach([{ list, puts, removes, size }]))[0]!;
    },
    /** Several lists filed at once (their touched chunks read together, the changed ones written together): each one's chunks, in order. */
    async fileEach<E extends Entry>(lists: readonly ListChanges<E>[]): Promise<(readonly Chunk[])[]> {
      const ids = lists.flatMap(({ list, puts, removes = [] }) => chunksTouched(list, [...puts.map((entry) => entry[0]), ...removes]));
      const read = await readChunks<E>(documents, ids.filter((id) => !lastWritten.has(id)));
      const touched = new Map([...ids.filter((id) => lastWritten.has(id)).map((id) => [id, lastWritten.get(id) as readonly E[]] as const), ...read]);
      const filed = lists.map(({ list, puts, removes, size }) => refile(list, touched, puts, newId, size, removes));
      const stored = async (entries: readonly E[]): Promise<Omit<ChunkDocument, '_id'>> =>
        (options.gzip === true ? { entriesGzip: (await zipped(JSON.stringify(entries))).toString('base64') } : { entries: JSON.stringify(entries) });
      await insertNew(documents.chunks, await Promise.all(filed.flatMap(({ written }) => written).map(async ({ id, entries }) => ({ _id: id, ...(await stored(entries)) }))));
      for (const { retired: replaced } of filed) retired.push(...replaced);
      for (const { id, entries } of filed.flatMap(({ written }) => written)) nextWritten.set(id, entries);
      return filed.map(({ chunks }) => chunks);
    },
    /** A directory that the directory names (of lists read apart from its own), under a new id (written with the directory), retiring the one it replaces. */
    subDirectory(listings: unknown, replacing: string | null): string {
      const id = newId();
      directories.push({ _id: id, listings: JSON.stringify(listings) });
      if (replacing !== null) retired.push(replacing);
      return id;
    },
    /** Writes the directory (and the one it names) under new ids: what the next head keeps. */
    async directory(listings: unknown): Promise<ListingsOfHead> {
      const id = this.subDirectory(listings, null);
      await insertNew(documents.directories, directories);
      return { listings: id, retired };
    },
  };
}
