import { readDirectoryDocument, startFiling, type FilingOptions, type FilingPlace, type ListingDocuments, type ListingsOfHead } from '../metrics/listing-documents.js';
import type { Chunk } from '../metrics/sorted-chunks.js';
import type { MonthListKey } from './buyer-month-lists.js';
import { buyerChunkSize, type BuyerEntry, type BuyerListing, type BuyerListingPuts, type MonthLists } from './buyer-listing.js';

const emptyListing: BuyerListing = { buyers: [], lists: null };
/** A kept month list's chunks hold this share of the buyers' listing's: a list's page needs a chunk or two, and a batch rewrites less of it. */
const listChunkShare = 0.4;

/** The buyers' listing a head names (none yet: empty); null when its directory is no longer stored (retired meanwhile). */
export async function readBuyerListing(documents: ListingDocuments, id: string | null): Promise<BuyerListing | null> {
  return id === null ? emptyListing : readDirectoryDocument<BuyerListing>(documents, id);
}

const notStored = (id: string | null | undefined) => new Error(`the buyers' listing directory ${id} is not stored`);
const sameChunks = (a: readonly Chunk[], b: readonly Chunk[]) => a.length === b.length && a.every((chunk, n) => chunk === b[n]);

/** The kept month lists' chunks, by the id of their directory the buyers' listing names (none yet: empty); null when no longer stored. */
export async function readMonthLists(documents: ListingDocuments, id: string | null): Promise<MonthLists | null> {
  return id === null ? {} : readDirectoryDocument<MonthLists>(documents, id);
}

/** The chunks of each of these kept month lists (none kept yet: empty); null when their directory is no longer stored. */
export async function chunksOfLists(documents: ListingDocuments, listing: BuyerListing, keys: readonly MonthListKey[]): Promise<(readonly Chunk[])[] | null> {
  const lists = await readMonthLists(documents, listing.lists);
  return lists === null ? null : keys.map((key) => lists[key] ?? []);
}

/** Files a batch's buyers (null: the batch touched none) into the listing the head names, and its kept month lists; answers what the next head keeps. */
export async function fileBuyers(documents: ListingDocuments, at: FilingPlace, batch: BuyerListingPuts | null, options: { readonly size?: number; readonly lastWritten?: FilingOptions['lastWritten'] } = {}): Promise<ListingsOfHead> {
  const size = options.size ?? buyerChunkSize;
  const filing = await startFiling(documents, at, { gzip: true, lastWritten: options.lastWritten });
  const unchanged = { listings: at.head?.listings ?? null, retired: [] };
  if (batch === null || (batch.puts.length === 0 && batch.removes.length === 0)) return unchanged;
  const stored = await readBuyerListing(documents, at.head?.listings ?? null);
  if (stored === null) throw notStored(at.head?.listings);
  const storedLists = await readMonthLists(documents, stored.lists);
  if (storedLists === null) throw notStored(stored.lists);
  const keys = [...batch.lists.keys()];
  const [buyers = [], ...listed] = await filing.fileEach<BuyerEntry>([
    { list: stored.buyers, ...batch, size },
    ...keys.map((key) => ({ list: storedLists[key] ?? [], ...batch.lists.get(key)!, size: Math.ceil(size * listChunkShare) })),
  ]);
  const lists: Record<MonthListKey, readonly Chunk[]> = { ...storedLists };
  keys.forEach((key, n) => {
    if (listed[n]!.length > 0) lists[key] = listed[n]!;
    else delete lists[key];
  });
  const listsChanged = keys.some((key, n) => !sameChunks(listed[n]!, storedLists[key] ?? []));
  // Only ids with nothing listed taken out: every chunk kept as it was.
  if (sameChunks(buyers, stored.buyers) && !listsChanged) return unchanged;
  return filing.directory({ buyers, lists: listsChanged ? filing.subDirectory(lists, stored.lists) : stored.lists });
}
