import { compareGlobalPositions, type GlobalPosition } from '@ctp/contracts';
import { ProjectionWaitTimeoutError } from '@ctp/projections';
import { readYourWrites, type ReadYourWrites } from '@ctp/service-kit';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from 'mongodb';
import type { Month } from '../metrics/period.js';
import type { TierMonth, TierMonthsHead } from './tier-months.js';

/**
 * One collection, read by `_id` only: the head (`tier-months-v1@Asia/Shanghai`) and one document per month of
 * that zone (`tier-months-v1@Asia/Shanghai:2026-03`). Another zone or a new counting rule gets new ids and
 * counts from the start of the feed.
 */
export const tierMonthsCollection = 'tierMonths';
export const tierMonthsHeadId = (timeZone: string) => `tier-months-v1@${timeZone}`;
export const tierMonthId = (timeZone: string, month: Month) => `${tierMonthsHeadId(timeZone)}:${month}`;

export type Stored<T> = T & { readonly _id: string };

export function tierMonthDocuments(db: Db) {
  return {
    head: db.collection<Stored<TierMonthsHead>>(tierMonthsCollection),
    months: db.collection<Stored<TierMonth>>(tierMonthsCollection),
  };
}
export type TierMonthDocuments = ReturnType<typeof tierMonthDocuments>;

/** The head, or null while no follower has written one (the routes then count from the movement facts). */
export async function readTierMonthsHead(db: Db, timeZone: string): Promise<Stored<TierMonthsHead> | null> {
  return tierMonthDocuments(db).head.findOne({ _id: tierMonthsHeadId(timeZone) });
}

/** The months' documents (absent: no movement that month), one `_id` read each: FerretDB scans the collection for `$in`. */
export async function readTierMonths(db: Db, timeZone: string, months: readonly Month[]): Promise<TierMonth[]> {
  const { months: collection } = tierMonthDocuments(db);
  const found = await Promise.all(months.map((month) => collection.findOne({ _id: tierMonthId(timeZone, month) })));
  return found.filter((month) => month !== null);
}

const projectionName = 'analytics-tier-months';
const pollMs = 25;

/** Waits for the head to pass `minPosition`, as the kit's read-your-writes waits for a projection (503 CTP_NOT_READY after `timeoutMs`). */
export function tierMonthsReadYourWrites(db: Db, timeZone: string, timeoutMs = 5_000): ReadYourWrites {
  return readYourWrites({
    async waitForPosition(position: GlobalPosition, waitMs: number) {
      const deadline = performance.now() + waitMs;
      for (;;) {
        const head = await readTierMonthsHead(db, timeZone);
        if (head !== null && compareGlobalPositions(head.position, position) >= 0) return;
        if (performance.now() >= deadline) throw new ProjectionWaitTimeoutError(projectionName, position, waitMs);
        await sleep(pollMs);
      }
    },
  }, timeoutMs);
}

/** The head's position, for the answer cache's version: the monthly documents move with it. */
export function tierMonthsVersion(db: Db, timeZone: string): () => Promise<string> {
  const { head } = tierMonthDocuments(db);
  return async () => `${projectionName}@${(await head.findOne({ _id: tierMonthsHeadId(timeZone) }, { projection: { position: 1 } }))?.position ?? 'none'}`;
}
