import { compareGlobalPositions, type GlobalPosition } from '@ctp/contracts';
import type { Db } from 'mongodb';
import { readChunks } from '../metrics/listing-documents.js';
import { ChunkRetired, listPage, mergedPage, readingRetired, readsFewerFromWhole } from '../metrics/sorted-chunks.js';
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
export async function customerPageFromListing(db: Db, timeZone: string, selection: CustomerSelection, query: { limit: number; after?: string | undefined }, minPosition: GlobalPosition | undefined): Promise<{ rows: SelectedCustomer[]; next: string | null } | null> {
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
    const entries =
      lists === null || readsFewerFromWhole(listing.buyers, lists, want) ? await listPage(listing.buyers, read, query.after, accept, want)
      : lists.length === 1 ? await listPage(lists[0]!, read, query.after, accept, want)
      : await mergedPage(lists, read, query.after, accept, want);
    const rows = entries.slice(0, query.limit).flatMap(selected);
    return { rows, next: entries.length > query.limit ? rows.at(-1)!.id : null };
  });
}
