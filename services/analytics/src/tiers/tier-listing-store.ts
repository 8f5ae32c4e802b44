import type { Month } from '../metrics/period.js';
import { readDirectoryDocument, startFiling, type FilingPlace, type ListingDocuments, type ListingsOfHead } from '../metrics/listing-documents.js';
import type { Chunk } from '../metrics/sorted-chunks.js';
import { chunkSizes, noListings, type ChunkSizes, type CustomerEntry, type ListingPuts, type MovementEntry, type TierListings } from './tier-listings.js';

/**
 * The listings' documents (listing-documents.ts), in the tier months' collection: chunks and directories (one JSON
 * string of `TierListings`), each written once under a new id; the head names the directory in force and what its batch retired.
 */
export async function readDirectory(documents: ListingDocuments, id: string | null): Promise<TierListings | null> {
  return id === null ? noListings : readDirectoryDocument<TierListings>(documents, id);
}

/** Files a batch's puts into the listings the head names (listing-documents.ts `startFiling`); answers what the next head keeps. */
export async function fileListings(documents: ListingDocuments, at: FilingPlace, puts: ListingPuts, sizes: ChunkSizes = chunkSizes): Promise<ListingsOfHead> {
  const filing = await startFiling(documents, at);
  if (puts.customers.length === 0 && puts.movements.size === 0) return { listings: at.head?.listings ?? null, retired: [] };
  const stored = await readDirectory(documents, at.head?.listings ?? null);
  if (stored === null) throw new Error(`the tier listings' directory ${at.head?.listings} is not stored`);
  const movements: Record<Month, readonly Chunk[]> = { ...stored.movements };
  for (const [month, entries] of puts.movements) movements[month] = await filing.file<MovementEntry>(stored.movements[month] ?? [], entries, sizes.movements);
  const customers = puts.customers.length === 0 ? stored.customers : await filing.file<CustomerEntry>(stored.customers, puts.customers, sizes.customers);
  return filing.directory({ movements, customers });
}
