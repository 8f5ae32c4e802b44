import { compareGlobalPositions, type GlobalPosition, type RecordedEvent } from '@ctp/contracts';
import { feedEndAtRunStart, feedFollower, timeSlices, writeAtPosition, type BackgroundWork, type FeedFollowerDeps } from '@ctp/service-kit';
import { monthStartsIn, nextMonth, type Month } from '../metrics/period.js';
import { boundaryPlace, datedPurchases, emptyBoundaryCounts, shiftedBoundaryCounts, type BoundaryCounts, type DatedPurchases } from './boundary-counts.js';
import { buyerListingPuts, type BuyerEntry, type BuyerListingPuts } from './buyer-listing.js';
import { fileBuyers } from './buyer-listing-store.js';
import { buyerEventTypes, buyersOfStreams, readBuyerStreams } from './buyer-streams.js';
import { cohortPlace, emptyCohortCounts, purchaseMonths, type CohortCounts } from './cohort-counts.js';
import {
  boundaryCountsOf, boundaryId, cohortCountsOf, cohortId, retentionIndexId, retentionIndexOf, retentionMonthDocuments, retentionMonthsHeadId, storedBoundary, storedCohort,
  type RetentionMonthsHead, type StoredBoundary, type StoredCohort, type StoredIndex,
} from './retention-month-store.js';

export interface RetentionMonthDeps extends FeedFollowerDeps {
  readonly timeZone: string;
  readonly batchSize?: number;
  /** Buyers per listing chunk (tests cut small chunks). */
  readonly buyerChunkSize?: number;
}

/** A document as this run holds it: its counts at `position` (null: none yet), and what is stored, for compare and set. */
interface Held<Stored, Counts> {
  readonly month: Month;
  position: GlobalPosition | null;
  readonly counts: Counts;
  stored: Stored | null;
}

/** What a run keeps between batches (one writer holds the lease, so it stays what is stored). */
export interface FollowingRun {
  index: { boundaries: Month[]; cohortSizes: Record<Month, number>; stored: StoredIndex | null } | null;
  readonly boundaries: Map<Month, Held<StoredBoundary, BoundaryCounts>>;
  readonly cohorts: Map<Month, Held<StoredCohort, CohortCounts>>;
  readonly feedEndAtStart: Promise<GlobalPosition | null>;
  /** The buyers' listing's chunks the last batch wrote (listing-documents.ts). */
  readonly lastWritten: Map<string, readonly BuyerEntry[]>;
}

const defaultBatchSize = 1_000;
/** A buyer counts at a month's start while its last purchase is within the look-back (2,192 days): at most 73 months on. */
const monthsCounted = 74;

/**
 * Follows the store's global feed into the retention counts (boundary-counts.ts, cohort-counts.ts): for each batch,
 * the buyers its purchases and merges touch are told from their customer streams before the batch and after it, and
 * each month document they count in takes away the buyer as it was and adds it as it is. A document keeps the feed
 * position its counts hold and is moved from there, by compare and set, so a batch read again after a crash (the
 * documents are written before the head) changes nothing twice. The buyers those streams make up go into the buyers'
 * listing (buyer-listing.ts) under ids new to the batch, which the head then names. One process follows at a time (a lease).
 */
export function retentionMonthFollower(deps: RetentionMonthDeps): BackgroundWork {
  const documents = retentionMonthDocuments(deps.db);
  return feedFollower({
    name: 'retention months',
    ...deps,
    leaseName: `ctp-analytics-retention-months:${deps.schema}`,
    heads: documents.heads,
    headId: retentionMonthsHeadId(deps.timeZone),
    maxBatchSize: deps.batchSize ?? defaultBatchSize,
    handler: () => {
      const run = followingRun(deps.history);
      return (events, head) => followBatch(deps, run, events, head);
    },
  });
}

export const followingRun = (history: FeedFollowerDeps['history']): FollowingRun => ({ index: null, boundaries: new Map(), cohorts: new Map(), feedEndAtStart: feedEndAtRunStart(history), lastWritten: new Map() });

const isAfter = (position: GlobalPosition | null, than: GlobalPosition | null) => position !== null && (than === null || compareGlobalPositions(position, than) > 0);
const later = (a: GlobalPosition | null, b: GlobalPosition | null) => (isAfter(a, b) ? a : b);
/** Before the feed's first event: a month first written before any batch was followed holds nothing. */
const feedStart: GlobalPosition = '0';

export async function followBatch(deps: Pick<RetentionMonthDeps, 'history' | 'db' | 'timeZone' | 'clock' | 'buyerChunkSize'>, run: FollowingRun, events: readonly RecordedEvent[], head: RetentionMonthsHead | null): Promise<RetentionMonthsHead> {
  const last = events.at(-1)!.globalPosition;
  const headId = retentionMonthsHeadId(deps.timeZone);
  const touched = events.filter(({ streamId, type }) => streamId.startsWith('customer-') && buyerEventTypes.has(type)).map(({ streamId }) => streamId.slice('customer-'.length));
  const streams = touched.length > 0 ? await readBuyerStreams(deps.history, touched, last) : null;
  let puts: BuyerListingPuts | null = null;
  if (streams !== null) {
    const buyersOf = buyersOfStreams(streams);
    await countBuyers(deps, run, buyersOf, head?.position ?? null, last);
    puts = buyerListingPuts([...streams.keys()], buyersOf(last), buyersOf(head?.position ?? null), deps.timeZone);
  }
  const listings = await fileBuyers(retentionMonthDocuments(deps.db), { headId, position: last, head }, puts, { size: deps.buyerChunkSize, lastWritten: run.lastWritten });
  const feedEnd = await run.feedEndAtStart;
  const caughtUp = head?.caughtUp === true || feedEnd === null || compareGlobalPositions(last, feedEnd) >= 0;
  return { _id: headId, position: last, followedAt: deps.clock(), caughtUp, ...listings };
}

async function countBuyers(
  deps: Pick<RetentionMonthDeps, 'db' | 'timeZone'>, run: FollowingRun, buyersOf: ReturnType<typeof buyersOfStreams>, from: GlobalPosition | null, last: GlobalPosition,
): Promise<void> {
  const { timeZone } = deps;
  const documents = retentionMonthDocuments(deps.db);
  const dated = new Map<GlobalPosition | null, DatedPurchases[]>();
  const buyersAtPosition = (at: GlobalPosition | null) => {
    if (!dated.has(at)) dated.set(at, buyersOf(at).map(({ purchases }) => datedPurchases(purchases.map(({ at: ms }) => ms), timeZone)));
    return dated.get(at)!;
  };
  const now = buyersAtPosition(last);
  const before = buyersAtPosition(from);
  const index = run.index ?? (run.index = await loadIndex(deps));
  const startOf = monthStartsIn(timeZone);

  // A month after one with a purchase gets its document, first holding what the one before it held, written before
  // anything else of the batch: a crash then leaves it as the one before it was, or counted like the others.
  const needed = [...new Set(now.flatMap((buyer) => purchaseMonths(buyer).map(nextMonth)))].filter((month) => !index.boundaries.includes(month)).sort();
  const inserts = heldWrites();
  for (const month of needed) {
    // Written by a batch that crashed before the index was.
    const written = await heldBoundary(deps, run, month);
    index.boundaries = [...index.boundaries, month].sort();
    if (written !== null) continue;
    const earlier = index.boundaries.filter((known) => known < month).at(-1);
    const previous = earlier === undefined ? null : await heldBoundary(deps, run, earlier);
    const counts = previous === null ? emptyBoundaryCounts(startOf(month), timeZone) : shiftedBoundaryCounts(previous.counts, startOf(month), timeZone);
    const held: Held<StoredBoundary, BoundaryCounts> = { month, position: previous?.position ?? from ?? feedStart, counts, stored: null };
    run.boundaries.set(month, held);
    const first = storedBoundary(boundaryId(timeZone, month), month, held.position!, counts);
    inserts.add(writeAtPosition(documents.boundaries, null, first, `the retention boundary of ${month}`).then(() => { held.stored = first; }));
  }
  await inserts.settled();

  // The months each buyer may count in, before and after the batch.
  const span = spanOf([...now, ...before]);
  const candidates = span === null ? [] : index.boundaries.filter((month) => month > span.first && month <= span.lastCounted);
  const writes = heldWrites();
  const giveWay = timeSlices();
  for (const month of candidates) {
    await giveWay();
    const held = await heldBoundary(deps, run, month);
    // A month written by this batch before a crash holds its counts already.
    if (held === null || (held.position !== null && compareGlobalPositions(held.position, last) >= 0)) continue;
    const startMs = startOf(month);
    const removed = buyersAtPosition(later(held.position, from)).map((buyer) => boundaryPlace(held.counts, buyer, startMs));
    const added = now.map((buyer) => boundaryPlace(held.counts, buyer, startMs));
    if (!samePlaces(removed, added)) {
      for (const place of removed) place.add(-1);
      for (const place of added) place.add(1);
      const next = storedBoundary(boundaryId(timeZone, month), month, last, held.counts);
      writes.add(writeAtPosition(documents.boundaries, held.stored, next, `the retention boundary of ${month}`).then(() => {
        held.stored = next;
        held.position = next.position;
      }));
    }
  }

  // Cohorts: each buyer's cohort before and after, its slots taken away and added.
  // Each position's buyers placed once, not once per cohort month.
  const placesAt = new Map<GlobalPosition | null, ReturnType<typeof cohortPlace>[]>();
  const cohortPlacesAt = (at: GlobalPosition | null) => {
    if (!placesAt.has(at)) placesAt.set(at, buyersAtPosition(at).map((buyer) => cohortPlace(purchaseMonths(buyer))));
    return placesAt.get(at)!;
  };
  const cohortMonths = [...new Set([...cohortPlacesAt(last), ...cohortPlacesAt(from)].map(({ cohort }) => cohort).filter((month) => month !== null))].sort();
  for (const month of cohortMonths) {
    await giveWay();
    const held = await heldCohort(deps, run, month);
    if (held.position !== null && compareGlobalPositions(held.position, last) >= 0) continue;
    const inCohort = (at: GlobalPosition | null) => cohortPlacesAt(at).filter((place) => place.cohort === month);
    const removed = inCohort(later(held.position, from));
    const added = inCohort(last);
    if (samePlaces(removed, added)) continue;
    for (const place of removed) place.add(held.counts, -1);
    for (const place of added) place.add(held.counts, 1);
    const next = storedCohort(cohortId(timeZone, month), month, last, held.counts);
    writes.add(writeAtPosition(documents.cohorts, held.stored, next, `the retention cohort of ${month}`).then(() => {
      held.stored = next;
      held.position = last;
    }));
  }
  await writes.settled();
  // Each stored cohort in the index with its size as stored now: one written by this batch before a crash is too.
  for (const month of cohortMonths) {
    const held = run.cohorts.get(month)!;
    if (held.stored === null) continue;
    index.cohortSizes = { ...index.cohortSizes, [month]: held.counts.size };
  }
  await writeIndex(deps, index, last);
}

/**
 * Writes started now and awaited together later: each one's failure is held until `settled` (which fails with the
 * first), so a write failing while the batch still awaits other reads (a server away) is not an unhandled rejection
 * that ends the process.
 */
export function heldWrites() {
  const writes: Promise<void>[] = [];
  return {
    add(write: Promise<void>): void {
      write.catch(() => undefined);
      writes.push(write);
    },
    settled: async (): Promise<void> => {
      await Promise.all(writes);
    },
  };
}

function samePlaces(a: readonly { key: string }[], b: readonly { key: string }[]): boolean {
  const keys = (places: readonly { key: string }[]) => places.map(({ key }) => key).filter((key) => key !== '').sort().join('|');
  return keys(a) === keys(b);
}

/** The first month with a purchase of any of the buyers, and the last month their purchases may count in. */
function spanOf(buyers: readonly DatedPurchases[]): { first: Month; lastCounted: Month } | null {
  const months = buyers.flatMap(purchaseMonths).sort();
  if (months.length === 0) return null;
  let lastCounted = months.at(-1)!;
  for (let step = 0; step < monthsCounted; step += 1) lastCounted = nextMonth(lastCounted);
  return { first: months[0]!, lastCounted };
}


async function loadIndex(deps: Pick<RetentionMonthDeps, 'db' | 'timeZone'>) {
  const stored = await retentionMonthDocuments(deps.db).index.findOne({ _id: retentionIndexId(deps.timeZone) });
  return { ...retentionIndexOf(stored), stored } as NonNullable<FollowingRun['index']>;
}

async function writeIndex(deps: Pick<RetentionMonthDeps, 'db' | 'timeZone'>, index: NonNullable<FollowingRun['index']>, last: GlobalPosition): Promise<void> {
  const boundaries = JSON.stringify(index.boundaries);
  const cohortSizes = JSON.stringify(Object.fromEntries(Object.entries(index.cohortSizes).sort(([a], [b]) => (a < b ? -1 : 1))));
  if (index.stored !== null && index.stored.boundaries === boundaries && index.stored.cohortSizes === cohortSizes) return;
  const next: StoredIndex = { _id: retentionIndexId(deps.timeZone), position: last, boundaries, cohortSizes };
  await writeAtPosition(retentionMonthDocuments(deps.db).index, index.stored, next, 'the retention index');
  index.stored = next;
}

async function heldBoundary(deps: Pick<RetentionMonthDeps, 'db' | 'timeZone'>, run: FollowingRun, month: Month) {
  const known = run.boundaries.get(month);
  if (known) return known;
  const stored = await retentionMonthDocuments(deps.db).boundaries.findOne({ _id: boundaryId(deps.timeZone, month) });
  if (stored === null) return null;
  const held = { month, position: stored.position, counts: boundaryCountsOf(stored), stored };
  run.boundaries.set(month, held);
  return held;
}

async function heldCohort(deps: Pick<RetentionMonthDeps, 'db' | 'timeZone'>, run: FollowingRun, month: Month) {
  const known = run.cohorts.get(month);
  if (known) return known;
  const stored = await retentionMonthDocuments(deps.db).cohorts.findOne({ _id: cohortId(deps.timeZone, month) });
  const held = stored === null ? { month, position: null, counts: emptyCohortCounts(), stored: null } : { month, position: stored.position, counts: cohortCountsOf(stored), stored };
  run.cohorts.set(month, held);
  return held;
}
