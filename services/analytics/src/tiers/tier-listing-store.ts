import type { GlobalPosition } from '@ctp/contracts';
import { findByIds } from '@ctp/projections';
import type { Month } from '../metrics/period.js';
import { chunksTouched, refile, type Chunk, type Entry } from './sorted-chunks.js';
import { chunkSizes, noListings, type ChunkSizes, type CustomerEntry, type ListingPuts, type MovementEntry, type TierListings } from './tier-listings.js';
import type { TierMonthDocuments } from './tier-month-store.js';

/**
 * The listings' documents, in the tier months' collection and read by `_id` only: chunks (`entries`, one JSON string)
 * and directories (`listings`, one JSON string of `TierListings`), each written once under a new id
 * (`<head id>:<head's position>-<batch's last position>:<n>`); the head names the directory in force and what its batch retired.
 */
export interface ChunkDocument {
  readonly _id: string;
  readonly entries: string;
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

const parallel = 8;

type ListingDocuments = Pick<TierMonthDocuments, 'chunks' | 'directories'>;

async function inGroups<T>(items: readonly T[], write: (item: T) => Promise<unknown>): Promise<void> {
  for (let first = 0; first < items.length; first += parallel) await Promise.all(items.slice(first, first + parallel).map(write));
}

/** The chunks with these ids, by id (missing ones left out). */
export async function readChunks<E extends Entry>(documents: ListingDocuments, ids: readonly string[]): Promise<Map<string, readonly E[]>> {
  return new Map((await findByIds(documents.chunks, ids)).map(({ _id, entries }) => [_id, JSON.parse(entries) as E[]]));
}

/** The directory a head names. */
export async function readDirectory(documents: ListingDocuments, id: string | null): Promise<TierListings | null> {
  if (id === null) return noListings;
  const stored = await documents.directories.findOne({ _id: id });
  return stored === null ? null : (JSON.parse(stored.listings) as TierListings);
}

/**
 * Files a batch's puts into the listings the head names: each touched chunk written again under a new id, then the
 * directory; answers what the next head keeps. The previous head's retired documents are deleted first. Ids name the
 * head's position and the batch's last, which decide what is written: a batch read again after a crash in the same
 * boundaries writes the same documents again, in others new ones (the lost attempt's are left unnamed).
 */
export async function fileListings(documents: ListingDocuments, at: { readonly headId: string; readonly position: GlobalPosition; readonly head: (ListingsOfHead & { readonly position: GlobalPosition }) | null }, puts: ListingPuts, sizes: ChunkSizes = chunkSizes): Promise<ListingsOfHead> {
  await inGroups(at.head?.retired ?? [], (id) => documents.chunks.deleteOne({ _id: id }));
  if (puts.customers.length === 0 && puts.movements.size === 0) return { listings: at.head?.listings ?? null, retired: [] };
  const stored = await readDirectory(documents, at.head?.listings ?? null);
  if (stored === null) throw new Error(`the tier listings' directory ${at.head?.listings} is not stored`);
  let number = 0;
  const newId = () => `${at.headId}:${at.head?.position ?? 0}-${at.position}:${number++}`;
  const retired: string[] = at.head?.listings ? [at.head.listings] : [];
  const file = async <E extends Entry>(list: readonly Chunk[], entries: readonly E[], size: number) => {
    const touched = await readChunks<E>(documents, chunksTouched(list, entries.map((entry) => entry[0])));
    const filed = refile(list, touched, entries, newId, size);
    await inGroups(filed.written, ({ id, entries: written }) => documents.chunks.replaceOne({ _id: id }, { entries: JSON.stringify(written) }, { upsert: true }));
    retired.push(...filed.retired);
    return filed.chunks;
  };
  const movements: Record<Month, readonly Chunk[]> = { ...stored.movements };
  for (const [month, entries] of puts.movements) movements[month] = await file<MovementEntry>(stored.movements[month] ?? [], entries, sizes.movements);
  const customers = puts.customers.length === 0 ? stored.customers : await file<CustomerEntry>(stored.customers, puts.customers, sizes.customers);
  const listings = newId();
  await documents.directories.replaceOne({ _id: listings }, { listings: JSON.stringify({ movements, customers }) }, { upsert: true });
  return { listings, retired };
}
