import type { Month } from '../metrics/period.js';
import { readDirectoryDocument, startFiling, type FilingPlace, type ListingDocuments, type ListingsOfHead } from '../metrics/listing-documents.js';
import type { Chunk, Entry } from '../metrics/sorted-chunks.js';
import { chunkSizes, noListings, type ChunkSizes, type ListingPuts, type TierListings } from './tier-listings.js';

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
  const months = [...puts.movements.keys()];
  const [customers = stored.customers, allMovements = stored.allMovements, ...filed] = await filing.fileEach<Entry>([
    { list: stored.customers, puts: puts.customers, size: sizes.customers },
    { list: stored.allMovements, puts: [...puts.movements.values()].flat(), size: sizes.movements },
    ...months.map((month) => ({ list: stored.movements[month] ?? [], puts: puts.movements.get(month)!, size: sizes.movements })),
  ]);
  const movements: Record<Month, readonly Chunk[]> = { ...stored.movements };
  months.forEach((month, n) => {
    movements[month] = filed[n]!;
  });
  return filing.directory({ movements, allMovements, customers });
}
