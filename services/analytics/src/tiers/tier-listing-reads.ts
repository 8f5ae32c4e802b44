import type { GlobalPosition } from '@ctp/contracts';
import type { AreaReads } from '../area.js';
import { listingMonths, listingPeriod, type ListingMonths } from '../metrics/listing-period.js';
import { contains, type Month } from '../metrics/period.js';
import { ChunkRetired, listPage, mergedPage, readingRetired, readsFewerFromWhole, type Chunk, type Entry } from '../metrics/sorted-chunks.js';
import type { TierMovement } from './tier-history.js';
import { readChunks } from '../metrics/listing-documents.js';
import { readDirectory } from './tier-listing-store.js';
import { inTierAt, movementPasses, stepAt, type CustomerEntry, type MovementEntry, type TierListings } from './tier-listings.js';
import { followedTierMonthsHead, tierMonthDocuments } from './tier-month-store.js';

interface Paging {
  readonly limit: number;
  readonly after?: string | undefined;
}
export interface MovementListing extends Paging, ListingMonths {
  readonly fromTier?: string | undefined;
  readonly toTier?: string | undefined;
  readonly direction?: string | undefined;
  readonly customerId?: string | undefined;
}
export interface CustomerListing extends Paging {
  readonly asOf: Month;
  readonly tier?: string | undefined;
  readonly customerId?: string | undefined;
}

/** A listing's page, as the routes page the facts. */
export interface ListingPage<Row> {
  readonly rows: Row[];
  readonly next: string | null;
}

/** The answer from the listings the head names once past `minPosition`, or null (no head yet): the routes fold the facts then. */
function fromListings<T>(reads: AreaReads, minPosition: GlobalPosition | undefined, answer: (listings: TierListings) => Promise<T>): Promise<T | null> {
  return readingRetired('the tier listings', async () => {
    const head = await followedTierMonthsHead(reads.db, reads.timeZone, minPosition);
    if (head === null) return null;
    const listings = await readDirectory(tierMonthDocuments(reads.db), head.listings);
    if (listings === null) throw new ChunkRetired(`the tier listings' directory ${head.listings} is no longer stored`);
    return answer(listings);
  });
}

const chunksIn = <E extends Entry>(reads: AreaReads) => (ids: readonly string[]) => readChunks<E>(tierMonthDocuments(reads.db), ids);

/** The page of `limit` of the entries found (one more than the page, if there is one), and the `after` of the next. */
function paged<E extends Entry>(entries: readonly E[], limit: number) {
  const ofPage = entries.slice(0, limit);
  return { ofPage, next: entries.length > limit ? ofPage.at(-1)![0] : null };
}

/** A page of these lists merged in key order. */
async function pageOf<E extends Entry>(reads: AreaReads, lists: readonly (readonly Chunk[])[], query: Paging, accept: (entry: E) => boolean) {
  return paged(await mergedPage<E>(lists, chunksIn<E>(reads), query.after, accept, query.limit + 1), query.limit);
}

/** A page of one list, its chunks read in growing groups only as far as the page needs (a sparse selection: few round trips). */
async function pageOfOneList<E extends Entry>(reads: AreaReads, chunks: readonly Chunk[], query: Paging, accept: (entry: E) => boolean) {
  return paged(await listPage<E>(chunks, chunksIn<E>(reads), query.after, accept, query.limit + 1), query.limit);
}

/** A page of the movements of `month` or `from`..`to` that pass the filters, from the months' listings; null: fold the facts (no head, no months, or one customer's, which its index serves). */
export async function movementPageFromListings(reads: AreaReads, query: MovementListing, minPosition?: GlobalPosition): Promise<ListingPage<TierMovement> | null> {
  const months = listingMonths(query);
  if (months === null || query.customerId !== undefined) return null;
  const period = listingPeriod(query, reads.timeZone)!;
  return fromListings(reads, minPosition, async (listings) => {
    const ofMonths = months.map((month) => listings.movements[month] ?? []);
    const passes = (entry: MovementEntry) => movementPasses(entry, query);
    const { ofPage, next } = readsFewerFromWhole(listings.allMovements, ofMonths, query.limit + 1)
      ? await pageOfOneList<MovementEntry>(reads, listings.allMovements, query, (entry) => contains(period, entry[4]) && passes(entry))
      : await pageOf<MovementEntry>(reads, ofMonths, query, passes);
    const rows = ofPage.map(([id, customerId, from, to, at, direction, rule, position, type]) => ({ id, customerId, at: new Date(at), from, to, direction, rule, trace: [{ position, type }] }));
    return { rows, next };
  });
}

/** A page of the customers in a tier at `asOf`'s end with the movement that put them there, from the customers' listing; null: fold the facts. */
export async function customerPageFromListings(reads: AreaReads, query: CustomerListing, minPosition?: GlobalPosition): Promise<ListingPage<{ id: string; movement: TierMovement }> | null> {
  if (query.customerId !== undefined) return null;
  return fromListings(reads, minPosition, async (listings) => {
    const { ofPage, next } = await pageOfOneList<CustomerEntry>(reads, listings.customers, query, (entry) => inTierAt(entry, query.asOf, query.tier));
    const rows = ofPage.map(([customerId, steps]) => {
      const [, from, to, id, at, direction, rule, position, type] = stepAt(steps, query.asOf)!;
      return { id: customerId, movement: { id, customerId, at: new Date(at), from, to, direction, rule, trace: [{ position, type }] } };
    });
    return { rows, next };
  });
}
