import type { GlobalPosition } from '@ctp/contracts';
import { followedHead } from '@ctp/service-kit';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import type { Db } from 'mongodb';
import { followerVersion } from '../metrics/answer-cache.js';
import { DecodedTexts } from '../metrics/decoded-texts.js';
import type { ChunkDocument, DirectoryDocument, ListingDocuments, ListingsOfHead } from '../metrics/listing-documents.js';
import type { Month } from '../metrics/period.js';
import type { OpenedCase, ResolvedCase } from './month-entries.js';
import type { MonthFigures } from './month-figures.js';

/**
 * Collection `serviceLevelMonths`: the head (`service-level-months-v3@Asia/Shanghai`: how far the feed was followed,
 * and the directory of the listings' rows, service-level-rows.ts); per business month the follower's entries
 * (`service-level-month-v3@Asia/Shanghai:2026-03`: an entry per case opened in it and per case first resolved in it,
 * which the listings page from) and the figures the routes read (`service-level-figures-v3@…:2026-03`: those entries
 * counted per dimensions). Each is read by `_id`. Another zone or a new rule or shape gets new ids and is followed
 * from the start of the feed (v3: the rows in pieces).
 */
export const serviceLevelMonthsCollection = 'serviceLevelMonths';
export const serviceLevelMonthsHeadId = (timeZone: string) => `service-level-months-v3@${timeZone}`;
export const serviceLevelMonthId = (timeZone: string, month: Month) => `service-level-month-v3@${timeZone}:${month}`;
export const serviceLevelFiguresId = (timeZone: string, month: Month) => `service-level-figures-v3@${timeZone}:${month}`;

export interface ServiceLevelMonthsHead extends ListingsOfHead {
  readonly _id: string;
  readonly position: GlobalPosition;
  readonly followedAt: Date;
  /** The follower once reached the end of the feed as it was when its run started: the routes read the months from then on. */
  readonly caughtUp: boolean;
}

export interface ServiceLevelMonth {
  readonly month: Month;
  readonly opened: readonly OpenedCase[];
  readonly resolved: readonly ResolvedCase[];
}

export type ServiceLevelFigures = { readonly month: Month } & MonthFigures;

/**
 * As stored: the figures as one string, their JSON gzipped (base64). FerretDB 1.24 decodes a document element by
 * element (a 40 KB month of cells and numbers took 150 to 200 ms to read by `_id` under load), so one string; and
 * its time to read a string grows with its length (a month's entries at 1,750 cases, 950 KB as JSON: 60 to 105 ms
 * under load; gzipped, 42 KB: 5 to 18 ms, and 15 to 22 ms to unzip and parse).
 */
export interface StoredFigures {
  readonly _id: string;
  readonly month: Month;
  readonly figuresGzip: string;
}

/** As stored: the entries, the same way. */
export interface StoredEntries {
  readonly _id: string;
  readonly month: Month;
  readonly entriesGzip: string;
}

const [zipped, unzipped] = [promisify(gzip), promisify(gunzip)];
const packed = async (value: unknown): Promise<string> => (await zipped(JSON.stringify(value))).toString('base64');
const unpacked = async <T>(text: string): Promise<T> => JSON.parse((await unzipped(Buffer.from(text, 'base64'))).toString('utf8')) as T;

export const storedFigures = async (_id: string, month: Month, figures: MonthFigures): Promise<StoredFigures> => ({ _id, month, figuresGzip: await packed(figures) });
export const storedEntries = async (_id: string, month: Month, entries: Pick<ServiceLevelMonth, 'opened' | 'resolved'>): Promise<StoredEntries> => ({ _id, month, entriesGzip: await packed(entries) });
/** A month's entries as stored, or none (a month without cases). */
export const entriesOf = async (stored: StoredEntries | null): Promise<Pick<ServiceLevelMonth, 'opened' | 'resolved'>> =>
  stored ? unpacked<Pick<ServiceLevelMonth, 'opened' | 'resolved'>>(stored.entriesGzip) : { opened: [], resolved: [] };

export function serviceLevelMonthDocuments(db: Db) {
  return {
    heads: db.collection<ServiceLevelMonthsHead>(serviceLevelMonthsCollection),
    months: db.collection<StoredEntries>(serviceLevelMonthsCollection),
    figures: db.collection<StoredFigures>(serviceLevelMonthsCollection),
    rows: { chunks: db.collection<ChunkDocument>(serviceLevelMonthsCollection), directories: db.collection<DirectoryDocument>(serviceLevelMonthsCollection) } satisfies ListingDocuments,
  };
}

export function readServiceLevelMonthsHead(db: Db, timeZone: string): Promise<ServiceLevelMonthsHead | null> {
  return serviceLevelMonthDocuments(db).heads.findOne({ _id: serviceLevelMonthsHeadId(timeZone) });
}

/** The months' figures, one `_id` read each (FerretDB reads `$in` as a scan); a month without cases has none. */
export async function readServiceLevelFigures(db: Db, timeZone: string, months: readonly Month[]): Promise<ServiceLevelFigures[]> {
  const { figures } = serviceLevelMonthDocuments(db);
  const found = await Promise.all(months.map((month) => figures.findOne({ _id: serviceLevelFiguresId(timeZone, month) })));
  return Promise.all(found.filter((document) => document !== null).map(async ({ _id, month, figuresGzip }) => ({ month, ...(await keptFigures.of(`${db.databaseName}/${_id}`, figuresGzip)) })));
}

/** The listings' months' entries and figures, unzipped and parsed once per text (a month of entries takes 15 to 50 ms). */
const keptEntries = new DecodedTexts((text) => unpacked<Pick<ServiceLevelMonth, 'opened' | 'resolved'>>(text), 16);
const keptFigures = new DecodedTexts((text) => unpacked<MonthFigures>(text), 64);

/** The months' entries, one `_id` read each; a month without cases has none (empty). Not to be changed. */
export async function readServiceLevelEntries(db: Db, timeZone: string, months: Iterable<Month>): Promise<Map<Month, ServiceLevelMonth>> {
  const { months: collection } = serviceLevelMonthDocuments(db);
  const read = async (month: Month): Promise<ServiceLevelMonth> => {
    const stored = await collection.findOne({ _id: serviceLevelMonthId(timeZone, month) });
    return { month, ...(stored ? await keptEntries.of(`${db.databaseName}/${stored._id}`, stored.entriesGzip) : { opened: [], resolved: [] }) };
  };
  return new Map(await Promise.all([...new Set(months)].map(async (month) => [month, await read(month)] as const)));
}

const followerName = 'analytics-service-level-months';

/** The head once it has passed `minPosition` (503 CTP_NOT_READY after `timeoutMs`); null while no follower has written one. */
export const followedServiceLevelMonthsHead = (db: Db, timeZone: string, minPosition: GlobalPosition | undefined, timeoutMs = 5_000) =>
  followedHead({ name: followerName, read: () => readServiceLevelMonthsHead(db, timeZone) }, minPosition, timeoutMs);

/** The head's position, for the answer cache's version. */
export const serviceLevelMonthsVersion = (db: Db, timeZone: string) => followerVersion(followerName, () => readServiceLevelMonthsHead(db, timeZone));
