import type { GlobalPosition } from '@ctp/contracts';
import type { Db } from 'mongodb';
import { monthIn, nextMonth, type Month } from '../metrics/period.js';
import { readingRetired } from '../metrics/sorted-chunks.js';
import { lastAtOrAfter, twoAtOrAfter, type BoundaryCounts } from './boundary-counts.js';
import { emptyCohortCounts, type CohortCounts } from './cohort-counts.js';
import {
  boundaryCountsOf, boundaryId, cohortCountsOf, cohortId, followedRetentionMonthsHead, readRetentionMonthsHead, retentionIndexId, retentionIndexOf, retentionMonthDocuments,
  type RetentionIndex,
} from './retention-month-store.js';
import { BuyerChunkCache } from './buyer-chunk-cache.js';
import { pickOf } from './buyer-instants.js';
import { countInListing } from './buyer-listing-reads.js';
import { dayMs, type Interval } from './retention-states.js';

/** A span's retention counts, as retention-table.ts defines them. */
export interface RetentionCounts {
  readonly start: number;
  readonly end: number;
  readonly new: number;
  readonly lost: number;
}

/** A window's buyers (1+ purchases in it) and repeaters (2+). */
export interface RepeatCounts {
  readonly buyers: number;
  readonly repeaters: number;
}

/**
 * The retention follower's documents as of a caught-up head, read by `_id`: counts at any month's start (the latest
 * boundary document at or before it: no purchase fell between them) and any cohort.
 */
export interface RetentionMonths {
  readonly countedUpTo: GlobalPosition;
  /** Counts of `activeDays` for each span (lost over a span longer than `activeDays` from the buyers' listing); null when one needs counting from the facts. */
  retention(spans: readonly Interval[], activeDays: number): Promise<RetentionCounts[] | null>;
  repeat(windows: readonly Interval[]): Promise<RepeatCounts[]>;
  cohorts(months: readonly Month[]): Promise<Map<Month, CohortCounts>>;
}

/** The months once the follower has caught up (and passed `minPosition`, waited for); null: count from the facts. */
export async function retentionMonths(db: Db, timeZone: string, minPosition: GlobalPosition | undefined, listingChunks = new BuyerChunkCache()): Promise<RetentionMonths | null> {
  const caughtUp = await readRetentionMonthsHead(db, timeZone);
  if (caughtUp === null || !caughtUp.caughtUp) return null;
  const head = (await followedRetentionMonthsHead(db, timeZone, minPosition))!;
  const documents = retentionMonthDocuments(db);
  const index: RetentionIndex = retentionIndexOf(await documents.index.findOne({ _id: retentionIndexId(timeZone) }));
  const boundaryCache = new Map<Month, Promise<BoundaryCounts | null>>();
  /** The counts at the start of `month`: those of the latest boundary document at or before it; null: no purchase before it. */
  const countsAt = (ms: number) => {
    const month = index.boundaries.filter((known) => known <= monthIn(ms, timeZone)).at(-1);
    if (month === undefined) return Promise.resolve(null);
    if (!boundaryCache.has(month)) boundaryCache.set(month, documents.boundaries.findOne({ _id: boundaryId(timeZone, month) }).then((stored) => (stored === null ? null : boundaryCountsOf(stored))));
    return boundaryCache.get(month)!;
  };
  const cohortsOf = async (months: readonly Month[]) => {
    const known = months.filter((month) => month in index.cohortSizes);
    const stored = await Promise.all(known.map((month) => documents.cohorts.findOne({ _id: cohortId(timeZone, month) })));
    return new Map(months.map((month) => {
      const found = stored.find((document) => document?.month === month);
      return [month, found ? cohortCountsOf(found) : emptyCohortCounts()];
    }));
  };
  return {
    countedUpTo: head.position,
    async retention(spans, activeDays) {
      const counts = await Promise.all(spans.map(async (span) => {
        const [atStart, atEnd] = await Promise.all([countsAt(span.startMs), countsAt(span.endMs)]);
        const firstPurchases = monthsWithin(span.startMs, span.endMs, timeZone).reduce((sum, month) => sum + (index.cohortSizes[month] ?? 0), 0);
        return spanRetention({ atStart, atEnd, firstPurchases }, span, activeDays, timeZone);
      }));
      if (counts.some((count) => count === null)) return null;
      // Lost over the spans longer than activeDays: one pass over the buyers' listing for all of them.
      const unpaired = spans.filter((_, n) => counts[n]!.lost === null);
      const picks = unpaired.map((span) => pickOf({ state: 'lost', interval: span, activeDays, timeZone }));
      const lost = picks.length === 0 ? [] : await readingRetired("the buyers' listing", () => countInListing(documents, head.listings, listingChunks, picks));
      return counts.map((count) => ({ ...count!, lost: count!.lost ?? lost.shift()! }));
    },
    async repeat(windows) {
      return Promise.all(windows.map(async (window) => windowRepeat(await countsAt(window.endMs), window, timeZone)));
    },
    cohorts: cohortsOf,
  };
}

/** The counts at a span's start and end (null: no purchase before it) and the first purchases within it. */
export interface SpanCounts {
  readonly atStart: BoundaryCounts | null;
  readonly atEnd: BoundaryCounts | null;
  readonly firstPurchases: number;
}

/**
 * A span's retention counts (retention-table.ts); null when its thresholds need counting from the facts. `lost` is null
 * for a span longer than `activeDays`: the counts do not pair a buyer's last purchase before the start with the one
 * before the end, and the buyers' listing counts it (`countInListing`).
 */
export function spanRetention({ atStart, atEnd, firstPurchases }: SpanCounts, { startMs, endMs }: Interval, activeDays: number, timeZone: string): (Omit<RetentionCounts, 'lost'> & { readonly lost: number | null }) | null {
  const activeFrom = (counts: BoundaryCounts | null, fromMs: number) => (counts === null ? 0 : lastAtOrAfter(counts, fromMs, timeZone));
  const window = activeDays * dayMs;
  const [start, end] = [activeFrom(atStart, startMs - window), activeFrom(atEnd, endMs - window)];
  // Lost: active at the start and not at the end. Within one window the buyer's last purchase before the end is the
  // one before the start; a longer span needs both, which the counts do not pair.
  if (start === null || end === null) return null;
  if (endMs - startMs > window) return { start, end, new: firstPurchases, lost: null };
  const activeThenGone = activeFrom(atEnd, startMs - window);
  return activeThenGone === null ? null : { start, end, new: firstPurchases, lost: activeThenGone - end };
}

/** A window's buyers and repeaters from the counts at its end (null: no purchase before it); its start a midnight. */
export function windowRepeat(atEnd: BoundaryCounts | null, { startMs }: Interval, timeZone: string): RepeatCounts {
  if (atEnd === null) return { buyers: 0, repeaters: 0 };
  return { buyers: lastAtOrAfter(atEnd, startMs, timeZone) ?? 0, repeaters: twoAtOrAfter(atEnd, startMs, timeZone) };
}

/** The business months from the one holding `startMs` up to the one before that holding `endMs` (both month starts). */
function monthsWithin(startMs: number, endMs: number, timeZone: string): Month[] {
  const [first, end] = [monthIn(startMs, timeZone), monthIn(endMs, timeZone)];
  const months: Month[] = [];
  for (let month = first; month < end; month = nextMonth(month)) months.push(month);
  return months;
}
