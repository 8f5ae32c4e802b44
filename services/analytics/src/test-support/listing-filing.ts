import type { ListingsOfHead } from '../metrics/listing-documents.js';

export type FiledListings = ListingsOfHead & { readonly position: string };

/**
 * Files `count` entries `batchSize` at a time from no listing, `fileBatch` filing the batch from `first` on after
 * `head`, and prints how long it took after `filed ${what}`; the last head.
 */
export async function timedFiling(count: number, batchSize: number, what: string, fileBatch: (first: number, head: FiledListings) => Promise<FiledListings>): Promise<FiledListings> {
  let head: FiledListings = { position: '0', listings: null, retired: [] };
  const started = performance.now();
  for (let first = 0; first < count; first += batchSize) head = await fileBatch(first, head);
  process.stdout.write(`filed ${what}: ${((performance.now() - started) / 1_000).toFixed(1)} s\n`);
  return head;
}
