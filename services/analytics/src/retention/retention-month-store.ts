import type { GlobalPosition } from '@ctp/contracts';
import { followedHead } from '@ctp/service-kit';
import type { Db } from 'mongodb';
import { followerVersion } from '../metrics/answer-cache.js';
import type { ChunkDocument, DirectoryDocument, ListingsOfHead } from '../metrics/listing-documents.js';
import type { Month } from '../metrics/period.js';
import { packBoundaryCounts, unpackBoundaryCounts, type BoundaryCounts } from './boundary-counts.js';
import { cohortSlots, type CohortCounts } from './cohort-counts.js';

/**
 * Collection `retentionMonths`, every document read by `_id`: the head (`retention-months-v4@Asia/Shanghai`); the
 * months that have documents and each cohort's size (`retention-index-v4@…`); per month after one with a purchase, the buyers' last purchases
 * before its start (`retention-boundary-v4@…:2026-03`, boundary-counts.ts); per month of first purchases, its cohort
 * (`retention-cohort-v4@…:2026-03`, cohort-counts.ts); the buyers' listing (buyer-listing.ts), its chunks and
 * directory named by the head (listing-documents.ts). Counts are packed in one string each (FerretDB 1.24 decodes a
 * document element by element). Another zone or a new rule or shape gets new ids and is followed from the start
 * (v2: the buyers' listing; v3: its kept month lists; v4: the cohorts' sizes in the index).
 */
export const retentionMonthsCollection = 'retentionMonths';
export const retentionMonthsHeadId = (timeZone: string) => `retention-months-v4@${timeZone}`;
export const retentionIndexId = (timeZone: string) => `retention-index-v4@${timeZone}`;
export const boundaryId = (timeZone: string, month: Month) => `retention-boundary-v4@${timeZone}:${month}`;
export const cohortId = (timeZone: string, month: Month) => `retention-cohort-v4@${timeZone}:${month}`;

export interface RetentionMonthsHead extends ListingsOfHead {
  readonly _id: string;
  readonly position: GlobalPosition;
  readonly followedAt: Date;
  /** The follower once reached the end of the feed as it was when its run started: the routes read the months from then on. */
  readonly caughtUp: boolean;
}

/** The months with a boundary document, oldest first, and each stored cohort's size by month, as JSON strings. */
export interface StoredIndex {
  readonly _id: string;
  readonly position: GlobalPosition;
  readonly boundaries: string;
  readonly cohortSizes: string;
}

export interface StoredBoundary {
  readonly _id: string;
  /** The feed position its counts hold (a month first written holds what the month before it held). */
  readonly position: GlobalPosition;
  readonly month: Month;
  readonly firstDay: number;
  readonly counts: string;
}

export interface StoredCohort {
  readonly _id: string;
  readonly position: GlobalPosition;
  readonly month: Month;
  readonly counts: string;
}

export interface RetentionIndex {
  readonly boundaries: readonly Month[];
  /** Each stored cohort's buyers (its `size`), by month: a retention figure's new customers read no cohort document. */
  readonly cohortSizes: Readonly<Record<Month, number>>;
}

export function retentionMonthDocuments(db: Db) {
  return {
    heads: db.collection<RetentionMonthsHead>(retentionMonthsCollection),
    index: db.collection<StoredIndex>(retentionMonthsCollection),
    boundaries: db.collection<StoredBoundary>(retentionMonthsCollection),
    cohorts: db.collection<StoredCohort>(retentionMonthsCollection),
    chunks: db.collection<ChunkDocument>(retentionMonthsCollection),
    directories: db.collection<DirectoryDocument>(retentionMonthsCollection),
  };
}

export const storedBoundary = (_id: string, month: Month, position: GlobalPosition, counts: BoundaryCounts): StoredBoundary => ({ _id, position, month, firstDay: counts.firstDay, counts: packBoundaryCounts(counts) });
export const boundaryCountsOf = ({ firstDay, counts }: StoredBoundary) => unpackBoundaryCounts(firstDay, counts);
export const storedCohort = (_id: string, month: Month, position: GlobalPosition, counts: CohortCounts): StoredCohort => ({ _id, position, month, counts: JSON.stringify([counts.size, ...counts.purchased]) });
export function cohortCountsOf({ counts }: StoredCohort): CohortCounts {
  const [size, ...purchased] = JSON.parse(counts) as number[];
  return { size: size!, purchased: Array.from({ length: cohortSlots }, (_, k) => purchased[k] ?? 0) };
}
export const retentionIndexOf = (stored: StoredIndex | null): RetentionIndex =>
  stored === null
    ? { boundaries: [], cohortSizes: {} }
    : { boundaries: JSON.parse(stored.boundaries) as Month[], cohortSizes: JSON.parse(stored.cohortSizes) as Record<Month, number> };

export function readRetentionMonthsHead(db: Db, timeZone: string): Promise<RetentionMonthsHead | null> {
  return retentionMonthDocuments(db).heads.findOne({ _id: retentionMonthsHeadId(timeZone) });
}

const followerName = 'analytics-retention-months';

/** The head once it has passed `minPosition` (503 CTP_NOT_READY after `timeoutMs`); null while no follower has written one. */
export const followedRetentionMonthsHead = (db: Db, timeZone: string, minPosition: GlobalPosition | undefined, timeoutMs = 5_000) =>
  followedHead({ name: followerName, read: () => readRetentionMonthsHead(db, timeZone) }, minPosition, timeoutMs);

/** The head's position, for the answer cache's version. */
export const retentionMonthsVersion = (db: Db, timeZone: string) => followerVersion(followerName, () => readRetentionMonthsHead(db, timeZone));
