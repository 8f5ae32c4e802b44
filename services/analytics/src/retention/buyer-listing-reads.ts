import { compareGlobalPositions, type GlobalPosition } from '@ctp/contracts';
import type { Db } from 'mongodb';
import { readChunks } from '../metrics/listing-documents.js';
import { ChunkRetired, listPage, readingRetired } from '../metrics/sorted-chunks.js';
import { buyerOfEntry, type BuyerEntry } from './buyer-listing.js';
import { monthListOf } from './buyer-month-lists.js';
import { chunksOfList, readBuyerListing } from './buyer-listing-store.js';
import { selectCustomers, type CustomerSelection, type SelectedCustomer } from './customer-states.js';
import { followedRetentionMonthsHead, readRetentionMonthsHead, retentionMonthDocuments } from './retention-month-store.js';

const reached = (position: GlobalPosition, minPosition: GlobalPosition | undefined) => minPosition === undefined || compareGlobalPositions(position, minPosition) >= 0;

/**
 * A page of the customers `selectCustomers` picks, in id order after `after`, from the buyers' listing the retention
 * head names (or the kept month list that holds the selection: buyer-month-lists.ts): its chunks read by `_id` only as
 * far as the page needs. Null until the head has caught up (as the figures
 * decide, retention-month-reads.ts): the route selects from the facts then.
 */
export async function customerPageFromListing(db: Db, timeZone: string, selection: CustomerSelection, query: { limit: number; after?: string | undefined }, minPosition: GlobalPosition | undefined): Promise<{ rows: SelectedCustomer[]; next: string | null } | null> {
  // A customer with no purchase is listed only when nothing asks for one; the listing keeps buyers alone.
  if (selection.cohort === undefined && (selection.state === undefined || selection.interval === null)) return null;
  const caughtUp = await readRetentionMonthsHead(db, timeZone);
  if (caughtUp === null || !caughtUp.caughtUp) return null;
  const documents = retentionMonthDocuments(db);
  const list = monthListOf(selection);
  const selected = (entry: BuyerEntry) => selectCustomers([buyerOfEntry(entry)], selection);
  return readingRetired("the buyers' listing", async (attempt) => {
    const head = attempt === 0 && reached(caughtUp.position, minPosition) ? caughtUp : (await followedRetentionMonthsHead(db, timeZone, minPosition))!;
    const listing = await readBuyerListing(documents, head.listings);
    const chunks = listing === null ? null : await chunksOfList(documents, listing, list);
    if (chunks === null) throw new ChunkRetired(`the buyers' listing ${head.listings} is no longer stored`);
    const entries = await listPage<BuyerEntry>(chunks, (ids) => readChunks<BuyerEntry>(documents, ids), query.after, (entry) => selected(entry).length > 0, query.limit + 1);
    const rows = entries.slice(0, query.limit).flatMap(selected);
    return { rows, next: entries.length > query.limit ? rows.at(-1)!.id : null };
  });
}
