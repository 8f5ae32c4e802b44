import { compareGlobalPositions, type GlobalPosition } from '@ctp/contracts';
import type { Db } from 'mongodb';
import { readChunks, type ListingDocuments } from '../metrics/listing-documents.js';
import { ChunkRetired, listPage, mergedPage, readingRetired, readsFewerFromWhole, type Chunk } from '../metrics/sorted-chunks.js';
import type { BuyerChunkCache, CachedChunk } from './buyer-chunk-cache.js';
import { pickOf, type Picker } from './buyer-instants.js';
import { buyerOfEntry, type BuyerEntry } from './buyer-listing.js';
import { monthListsFor } from './buyer-month-lists.js';
import { chunksOfLists, readBuyerListing } from './buyer-listing-store.js';
import { selectCustomers, type CustomerSelection, type SelectedCustomer } from './customer-states.js';
import { followedRetentionMonthsHead, readRetentionMonthsHead, retentionMonthDocuments } from './retention-month-store.js';

const reached = (position: GlobalPosition, minPosition: GlobalPosition | undefined) => minPosition === undefined || compareGlobalPositions(position, minPosition) >= 0;

/**
 * A page of the customers `selectCustomers` picks, in id order after `after`, from the buyers' listing the retention
 * head names, or from the kept month lists that hold the selection (buyer-month-lists.ts) when they read fewer
 * entries: their chunks read by `_id` only as far as the page needs. Null until the head has caught up (as the figures
 * decide, retention-month-reads.ts): the route selects from the facts then.
 */
export async function customerPageFromListing(db: Db, timeZone: string, selection: CustomerSelection, query: { limit: number; after?: string | undefined }, minPosition: GlobalPosition | undefined, cache: BuyerChunkCache): Promise<{ rows: SelectedCustomer[]; next: string | null } | null> {
  // A customer with no purchase is listed only when nothing asks for one; the listing keeps buyers alone.
  if (selection.cohort === undefined && (selection.state === undefined || selection.interval === null)) return null;
  const caughtUp = await readRetentionMonthsHead(db, timeZone);
  if (caughtUp === null || !caughtUp.caughtUp) return null;
  const documents = retentionMonthDocuments(db);
  const keys = monthListsFor(selection);
  const selected = (entry: BuyerEntry) => selectCustomers([buyerOfEntry(entry)], selection);
  const accept = (entry: BuyerEntry) => selected(entry).length > 0;
  const read = (ids: readonly string[]) => readChunks<BuyerEntry>(documents, ids);
  const want = query.limit + 1;
  return readingRetired("the buyers' listing", async (attempt) => {
    const head = attempt === 0 && reached(caughtUp.position, minPosition) ? caughtUp : (await followedRetentionMonthsHead(db, timeZone, minPosition))!;
    const listing = await readBuyerListing(documents, head.listings);
    const lists = listing === null || keys === null ? null : await chunksOfLists(documents, listing, keys);
    if (listing === null || (keys !== null && lists === null)) throw new ChunkRetired(`the buyers' listing ${head.listings} is no longer stored`);
    cache.retain(listing.buyers.map(({ id }) => id));
    const entries =
      lists === null || readsFewerFromWhole(listing.buyers, lists, want) ? await pickedPage(listing.buyers, (ids) => cache.read(documents, ids), query.after, pickOf(selection), accept, want)
      : lists.length === 1 ? await listPage(lists[0]!, read, query.after, accept, want)
      : await mergedPage(lists, read, query.after, accept, want);
    const rows = entries.slice(0, query.limit).flatMap(selected);
    return { rows, next: entries.length > query.limit ? rows.at(-1)!.id : null };
  });
}

/** Chunks read from the store at a time while the cache lacks them: a first walk reads the listing in few round trips. */
const chunksPerRead = 16;

/**
 * The first `want` entries after `after` that `accept` takes, of the buyers' listing, in id order: each chunk's buyers
 * told by their purchase instants (`pick`), and only a chunk holding one the selection picks unzipped, so a sparse
 * selection, or an empty one, costs a pass over the kept instants rather than reading every chunk.
 */
async function pickedPage(chunks: readonly Chunk[], read: (ids: readonly string[]) => Promise<Map<string, CachedChunk>>, after: string | undefined, pick: Picker, accept: (entry: BuyerEntry) => boolean, want: number): Promise<BuyerEntry[]> {
  const found: BuyerEntry[] = [];
  const first = chunks.findIndex((chunk) => after === undefined || chunk.last > after);
  if (first < 0) return found;
  for await (const chunk of keptChunks(chunks.slice(first), read)) {
    const { ids } = chunk.instants;
    const picked: number[] = [];
    for (let n = 0; n < ids.length; n += 1) if ((after === undefined || ids[n]! > after) && pick(chunk.instants, n)) picked.push(n);
    if (picked.length === 0) continue;
    found.push(...(await chunk.entriesAt(picked)).filter(accept));
    if (found.length >= want) break;
  }
  return found.slice(0, want);
}

/** How many buyers of the listing `listingsId` names (a head's) each of `picks` picks, told from the kept instants alone in one pass. */
export async function countInListing(documents: ListingDocuments, listingsId: string | null, cache: BuyerChunkCache, picks: readonly Picker[]): Promise<number[]> {
  const listing = await readBuyerListing(documents, listingsId);
  if (listing === null) throw new ChunkRetired(`the buyers' listing ${listingsId} is no longer stored`);
  cache.retain(listing.buyers.map(({ id }) => id));
  const counts = picks.map(() => 0);
  for await (const { instants } of keptChunks(listing.buyers, (ids) => cache.read(documents, ids))) {
    picks.forEach((pick, k) => {
      for (let n = 0; n < instants.ids.length; n += 1) if (pick(instants, n)) counts[k]! += 1;
    });
  }
  return counts;
}

/** The chunks in order, as the cache keeps them, read `chunksPerRead` at a time; a chunk no longer stored was retired meanwhile. */
async function* keptChunks(chunks: readonly Chunk[], read: (ids: readonly string[]) => Promise<Map<string, CachedChunk>>): AsyncGenerator<CachedChunk> {
  for (let first = 0; first < chunks.length; first += chunksPerRead) {
    const group = chunks.slice(first, first + chunksPerRead);
    const kept = await read(group.map(({ id }) => id));
    for (const { id } of group) yield kept.get(id) ?? missingChunk(id);
  }
}

function missingChunk(id: string): never {
  throw new ChunkRetired(`the listing chunk ${id} is no longer stored`);
}
