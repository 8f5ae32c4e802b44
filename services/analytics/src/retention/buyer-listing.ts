import type { GlobalPosition } from '@ctp/contracts';
import type { Chunk } from '../metrics/sorted-chunks.js';
import { monthListsOf, type MonthListKey } from './buyer-month-lists.js';
import type { Buyer } from './buyers.js';

/** A purchase as the buyers' listing keeps it: all a listed row needs (`recordedFor` empty: the buyer's own stream; `refunded` 1 or 0). */
export type ListedPurchase = readonly [orderId: string, at: number, amount: string, recordedFor: string, refunded: 0 | 1, position: GlobalPosition];
/** A buyer (a survivor, or never merged) with a purchase, keyed by its id: what `selectCustomers` and the row need. */
export type BuyerEntry = readonly [buyerId: string, purchases: readonly ListedPurchase[], mergedFrom: readonly string[], erased: boolean];

/** The directory of the buyers' listing: its chunks, in id order, and the id of the kept month lists' directory (null: none yet). */
export interface BuyerListing {
  readonly buyers: readonly Chunk[];
  readonly lists: string | null;
}

/** The kept month lists' directory: each list's chunks, in id order. */
export type MonthLists = Readonly<Record<MonthListKey, readonly Chunk[]>>;

/** Buyers per chunk (a chunk is cut once it holds twice as many). */
export const buyerChunkSize = 250;

export const buyerEntry = ({ id, purchases, mergedFrom, erased }: Buyer): BuyerEntry =>
  [id, purchases.map(({ orderId, at, amount, recordedFor, refunded, trace }) => [orderId, at, amount, recordedFor === id ? '' : recordedFor, refunded ? 1 : 0, trace.position] as const), mergedFrom, erased];

export const buyerOfEntry = ([id, purchases, mergedFrom, erased]: BuyerEntry): Buyer => ({
  id,
  purchases: purchases.map(([orderId, at, amount, recordedFor, refunded, position]) => ({ orderId, at, amount, recordedFor: recordedFor || id, refunded: refunded === 1, trace: { position, type: 'PurchaseRecorded' } })),
  mergedFrom,
  erased,
});

/** What a batch puts into a list and takes out of it. */
export interface ListPuts {
  readonly puts: BuyerEntry[];
  readonly removes: string[];
}

/** What a batch puts into the buyers' listing (`puts`, `removes`) and into each kept month list it changes (`lists`). */
export interface BuyerListingPuts extends ListPuts {
  readonly lists: ReadonlyMap<MonthListKey, ListPuts>;
}

/**
 * What a batch puts into the buyers' listing, from the buyers the customer streams it touched (`ids`, buyer-streams.ts)
 * make up at its last position (`after`) and at the head's (`before`): each buyer with a purchase, whole; every other id
 * of those streams taken out (merged away, or no purchase). Each kept month list (buyer-month-lists.ts) a buyer is in
 * after the batch gets it whole; one it was in before and is not after loses it. All are states, not changes, so a
 * batch read again adds nothing twice.
 */
export function buyerListingPuts(ids: readonly string[], after: readonly Buyer[], before: readonly Buyer[], timeZone: string): BuyerListingPuts {
  const listed = after.filter(({ purchases }) => purchases.length > 0);
  const kept = new Set(listed.map(({ id }) => id));
  const puts = listed.map(buyerEntry);
  return { puts, removes: ids.filter((id) => !kept.has(id)), lists: monthListPuts(listed, before, timeZone, puts) };
}

/** The kept month lists' puts and removes of buyers as they are (`after`, with their `entries`) and were (`before`). */
export function monthListPuts(after: readonly Buyer[], before: readonly Buyer[], timeZone: string, entries: readonly BuyerEntry[] = after.map(buyerEntry)): Map<MonthListKey, ListPuts> {
  const lists = new Map<MonthListKey, ListPuts>();
  const listOf = (key: MonthListKey) => lists.get(key) ?? lists.set(key, { puts: [], removes: [] }).get(key)!;
  const keysAfter = new Map(after.map((buyer) => [buyer.id, new Set(monthListsOf(buyer, timeZone))]));
  for (const buyer of before) {
    for (const key of monthListsOf(buyer, timeZone)) if (keysAfter.get(buyer.id)?.has(key) !== true) listOf(key).removes.push(buyer.id);
  }
  after.forEach((buyer, n) => {
    for (const key of keysAfter.get(buyer.id)!) listOf(key).puts.push(entries[n]!);
  });
  return lists;
}
