import { readDirectoryDocument, startFiling, type FilingPlace, type ListingDocuments, type ListingsOfHead } from '../metrics/listing-documents.js';
import { buyerChunkSize, type BuyerEntry, type BuyerListing } from './buyer-listing.js';

/** The buyers' listing a head names (none yet: empty); null when its directory is no longer stored (retired meanwhile). */
export async function readBuyerListing(documents: ListingDocuments, id: string | null): Promise<BuyerListing | null> {
  return id === null ? [] : readDirectoryDocument<BuyerListing>(documents, id);
}

/** Files a batch's buyers (null: the batch touched none) into the listing the head names; answers what the next head keeps. */
export async function fileBuyers(documents: ListingDocuments, at: FilingPlace, batch: { puts: readonly BuyerEntry[]; removes: readonly string[] } | null, size = buyerChunkSize): Promise<ListingsOfHead> {
  const filing = await startFiling(documents, at, { gzip: true });
  const unchanged = { listings: at.head?.listings ?? null, retired: [] };
  if (batch === null || (batch.puts.length === 0 && batch.removes.length === 0)) return unchanged;
  const stored = await readBuyerListing(documents, at.head?.listings ?? null);
  if (stored === null) throw new Error(`the buyers' listing directory ${at.head?.listings} is not stored`);
  const chunks = await filing.file<BuyerEntry>(stored, batch.puts, size, batch.removes);
  // Only ids with nothing listed taken out: every chunk kept as it was.
  if (chunks.length === stored.length && chunks.every((chunk, n) => chunk === stored[n])) return unchanged;
  return filing.directory(chunks);
}
