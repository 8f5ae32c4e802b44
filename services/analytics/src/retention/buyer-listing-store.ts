import { readDirectoryDocument, startFiling, type FilingPlace, type ListingDocuments, type ListingsOfHead } from '../metrics/listing-documents.js';
import type { Chunk } from '../metrics/sorted-chunks.js';
import type { MonthListKey } from './buyer-month-lists.js';
import { buyerChunkSize, type BuyerEntry, type BuyerListing, type BuyerListingPuts } from './buyer-listing.js';

const emptyListing: BuyerListing = { buyers: [], lists: {} };
/** A kept month list's chunks hold this share of the buyers' listing's: a list's page needs a chunk or two, and a batch rewrites less of it. */
const listChunkShare = 0.4;

/** The buyers' listing a head names (none yet: empty); null when its directory is no longer stored (retired meanwhile). */
export async function readBuyerListing(documents: ListingDocuments, id: string | null): Promise<BuyerListing | null> {
  return id === null ? emptyListing : readDirectoryDocument<BuyerListing>(documents, id);
}

const notStored = (id: string | null | undefined) => new Error(`the buyers' listing directory ${id} is not stored`);
const sameChunks = (a: readonly Chunk[], b: readonly Chunk[]) => a.length === b.length && a.every((chunk, n) => chunk === b[n]);

/** A kept month list's chunks (none: empty), by the id of its directory the buyers' listing names; null when no longer stored. */
export async function readMonthList(documents: ListingDocuments, id: string | undefined): Promise<readonly Chunk[] | null> {
  return id === undefined ? [] : readDirectoryDocument<Chunk[]>(documents, id);
}

/** Files a batch's buyers (null: the batch touched none) into the listing the head names, and its kept month lists; answers what the next head keeps. */
export async function fileBuyers(documents: ListingDocuments, at: FilingPlace, batch: BuyerListingPuts | null, size = buyerChunkSize): Promise<ListingsOfHead> {
  const filing = await startFiling(documents, at, { gzip: true });
  const unchanged = { listings: at.head?.listings ?? null, retired: [] };
  if (batch === null || (batch.puts.length === 0 && batch.removes.length === 0)) return unchanged;
  const stored = await readBuyerListing(documents, at.head?.listings ?? null);
  if (stored === null) throw notStored(at.head?.listings);
  const keys = [...batch.lists.keys()];
  const storedLists = await Promise.all(keys.map(async (key) => {
    const chunks = await readMonthList(documents, stored.lists[key]);
    if (chunks === null) throw notStored(stored.lists[key]);
    return chunks;
  }));
  const [buyers = [], ...listed] = await filing.fileEach<BuyerEntry>([
    { list: stored.buyers, ...batch, size },
    ...keys.map((key, n) => ({ list: storedLists[n]!, ...batch.lists.get(key)!, size: Math.ceil(size * listChunkShare) })),
  ]);
  const lists: Record<MonthListKey, string> = { ...stored.lists };
  keys.forEach((key, n) => {
    const after = listed[n]!;
    if (sameChunks(after, storedLists[n]!)) return;
    if (after.length > 0) lists[key] = filing.listDirectory(after, stored.lists[key]);
    else {
      filing.retire(stored.lists[key]!);
      delete lists[key];
    }
  });
  // Only ids with nothing listed taken out: every chunk kept as it was.
  if (sameChunks(buyers, stored.buyers) && keys.every((key) => lists[key] === stored.lists[key])) return unchanged;
  return filing.directory({ buyers, lists });
}
