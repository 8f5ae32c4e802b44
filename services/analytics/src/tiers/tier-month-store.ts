import type { GlobalPosition } from '@ctp/contracts';
import { followedHead } from '@ctp/service-kit';
import type { Db } from 'mongodb';
import { followerVersion } from '../metrics/answer-cache.js';
import type { ChunkDocument, DirectoryDocument, ListingsOfHead } from '../metrics/listing-documents.js';
import type { TierMonthsHead } from './tier-months.js';

/**
 * The head (`tier-months-v4@Asia/Shanghai`), read by `_id`: the nets and movement counts of every month of that zone,
 * and the directory of the listings (tier-listing-store.ts). Another zone or a new counting rule or shape gets a new id
 * and counts from the start of the feed (v2: the counts moved from one document per month into the head; v3: the listings).
 */
export const tierMonthsCollection = 'tierMonths';
export const tierMonthsHeadId = (timeZone: string) => `tier-months-v4@${timeZone}`;

export type Stored<T> = T & { readonly _id: string };
export type TierMonthsHeadDocument = Stored<TierMonthsHead & ListingsOfHead>;

export function tierMonthDocuments(db: Db) {
  return { head: db.collection<TierMonthsHeadDocument>(tierMonthsCollection), chunks: db.collection<ChunkDocument>(tierMonthsCollection), directories: db.collection<DirectoryDocument>(tierMonthsCollection) };
}
export type TierMonthDocuments = ReturnType<typeof tierMonthDocuments>;

/** The head, or null while no follower has written one (the routes then count from the movement facts). */
export async function readTierMonthsHead(db: Db, timeZone: string): Promise<TierMonthsHeadDocument | null> {
  return tierMonthDocuments(db).head.findOne({ _id: tierMonthsHeadId(timeZone) });
}

const projectionName = 'analytics-tier-months';

/** The head once it has passed `minPosition` (503 CTP_NOT_READY after `timeoutMs`); null while no follower has written one. */
export const followedTierMonthsHead = (db: Db, timeZone: string, minPosition: GlobalPosition | undefined, timeoutMs = 5_000) =>
  followedHead({ name: projectionName, read: () => readTierMonthsHead(db, timeZone) }, minPosition, timeoutMs);

/** The head's position, for the answer cache's version. */
export const tierMonthsVersion = (db: Db, timeZone: string) => followerVersion(projectionName, () => readTierMonthsHead(db, timeZone));
