import type { ReadYourWrites } from '@ctp/service-kit';
import type { Db } from 'mongodb';
import { followerReadYourWrites, followerVersion } from '../metrics/follower-head.js';
import type { TierMonthsHead } from './tier-months.js';

/**
 * One document, read by `_id`: the head (`tier-months-v2@Asia/Shanghai`), with the nets and movement counts of every
 * month of that zone. Another zone or a new counting rule or shape gets a new id and counts from the start of the
 * feed (v2: the counts moved from one document per month into the head).
 */
export const tierMonthsCollection = 'tierMonths';
export const tierMonthsHeadId = (timeZone: string) => `tier-months-v2@${timeZone}`;

export type Stored<T> = T & { readonly _id: string };

export function tierMonthDocuments(db: Db) {
  return { head: db.collection<Stored<TierMonthsHead>>(tierMonthsCollection) };
}
export type TierMonthDocuments = ReturnType<typeof tierMonthDocuments>;

/** The head, or null while no follower has written one (the routes then count from the movement facts). */
export async function readTierMonthsHead(db: Db, timeZone: string): Promise<Stored<TierMonthsHead> | null> {
  return tierMonthDocuments(db).head.findOne({ _id: tierMonthsHeadId(timeZone) });
}

const projectionName = 'analytics-tier-months';

/** Waits for the head to pass `minPosition` (503 CTP_NOT_READY after `timeoutMs`). */
export const tierMonthsReadYourWrites = (db: Db, timeZone: string, timeoutMs = 5_000): ReadYourWrites => followerReadYourWrites(projectionName, () => readTierMonthsHead(db, timeZone), timeoutMs);

/** The head's position, for the answer cache's version. */
export const tierMonthsVersion = (db: Db, timeZone: string) => followerVersion(projectionName, () => readTierMonthsHead(db, timeZone));
