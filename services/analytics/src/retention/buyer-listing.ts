import type { GlobalPosition, RecordedEvent } from '@ctp/contracts';
import type { Chunk } from '../metrics/sorted-chunks.js';
import { buyersAt } from './buyer-streams.js';
import type { Buyer } from './buyers.js';

/** A purchase as the buyers' listing keeps it: all a listed row needs (`recordedFor` empty: the buyer's own stream; `refunded` 1 or 0). */
export type ListedPurchase = readonly [orderId: string, at: number, amount: string, recordedFor: string, refunded: 0 | 1, position: GlobalPosition];
/** A buyer (a survivor, or never merged) with a purchase, keyed by its id: what `selectCustomers` and the row need. */
export type BuyerEntry = readonly [buyerId: string, purchases: readonly ListedPurchase[], mergedFrom: readonly string[], erased: boolean];

/** The directory of the buyers' listing: its chunks, in id order. */
export type BuyerListing = readonly Chunk[];

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

/**
 * What a batch puts into the buyers' listing, from the customer streams it touched (buyer-streams.ts) up to its last
 * position: each buyer they make up with a purchase, whole; every other id of those streams taken out (merged away, or
 * no purchase). Both are states, not changes, so a batch read again adds nothing twice.
 */
export function buyerListingPuts(streams: ReadonlyMap<string, readonly RecordedEvent[]>, at: GlobalPosition): { puts: BuyerEntry[]; removes: string[] } {
  const listed = buyersAt(streams, at).filter(({ purchases }) => purchases.length > 0);
  const kept = new Set(listed.map(({ id }) => id));
  return { puts: listed.map(buyerEntry), removes: [...streams.keys()].filter((id) => !kept.has(id)) };
}
