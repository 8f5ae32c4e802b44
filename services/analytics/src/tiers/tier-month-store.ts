import type { GlobalPosition } from '@ctp/contracts';
import { followedHead } from '@ctp/service-kit';
import type { Db } from 'mongodb';
import { followerVersion } from '../metrics/answer-cache.js';
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

/** The head once it has passed `minPosition` (503 CTP_NOT_READY after `timeoutMs`); null while no follower has written one. */
export const followedTierMonthsHead = (db: Db, timeZone: string, minPosition: GlobalPosition | undefined, timeoutMs = 5_000) =>
  followedHead({ name: projectionName, read: () => readTierMonthsHead(db, timeZone) }, minPosition, timeoutMs);

/** The head's position, for the answer cache's version. */
export const tierMonthsVersion = (db: Db, timeZone: string) => followerVersion(projectionName, () => readTierMonthsHead(db, timeZone));
