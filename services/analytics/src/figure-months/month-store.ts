import type { GlobalPosition } from '@ctp/contracts';
import { followedHead } from '@ctp/service-kit';
import type { Db } from 'mongodb';
import { followerVersion } from '../metrics/answer-cache.js';
import { DecodedTexts } from '../metrics/decoded-texts.js';
import type { ChunkDocument, DirectoryDocument, ListingDocuments, ListingsOfHead } from '../metrics/listing-documents.js';
import { rowListsReader } from '../metrics/row-lists.js';
import type { Month } from '../metrics/period.js';
import type { Cell, CellKey } from './counts.js';

/**
 * The feedback figures' month documents (collection `figureMonths`), each read by `_id`: one per family and year of
 * the business zone (`satisfaction-v3@Asia/Shanghai:2026`) holding the cells of each of its months, and the head
 * (`feedback-months-v3@Asia/Shanghai`) with the feed position they were followed to and the directory of the drill
 * listings' rows (row-lists.ts: one list per listing family and month): a period of 12 months is one or two reads.
 * Another zone or a new counting rule gets a new version and counts from the start of the feed (v3: the rows).
 */
export const figureMonthsCollection = 'figureMonths';
const version = 'v3';
export const figureMonthsHeadId = (timeZone: string) => `feedback-months-${version}@${timeZone}`;
/** A drill listing's family (`…-listing`) holds a cell per fact, so a document per month; the figures' one per year. */
const perMonth = (family: string) => family.endsWith('-listing');
export const monthDocumentId = (family: string, month: Month, timeZone: string) => `${family}-${version}@${timeZone}:${perMonth(family) ? month : month.slice(0, 4)}`;

export interface FigureMonthsHead extends ListingsOfHead {
  readonly _id: string;
  readonly position: GlobalPosition;
  readonly followedAt: Date;
}

/**
 * A month's cells are stored as one JSON string (`[[key, {name: count}], ...]`): FerretDB 1.24 keeps a document as
 * JSONB with the type of every value beside it, and reading a document of thousands of small values took it about
 * 190 ms under load (docs/analytics/figure-months.md), where one string is read as a whole.
 */
export interface MonthDocument {
  readonly _id: string;
  /** The last event of the feed whose increments it holds. */
  readonly position: GlobalPosition;
  /** The cells of each month of the year with any. */
  readonly months: Readonly<Record<Month, string>>;
}

export const storedCells = (cells: readonly Cell[]): string => JSON.stringify(cells.map(({ key, counts }) => [key, counts]));
const parsedCells = (stored: string): Cell[] => (JSON.parse(stored) as [CellKey, Cell['counts']][]).map(([key, counts]) => ({ key, counts }));
/** A month's cells, parsed afresh (the follower changes them). */
export function cellsOf(document: MonthDocument | null, month: Month): Cell[] {
  const stored = document?.months[month];
  return stored === undefined ? [] : parsedCells(stored);
}

/** The routes' months' cells, parsed once per text: a drill listing's month holds a cell per fact (thousands). */
const keptCells = new DecodedTexts<readonly Cell[]>(parsedCells, 64);

export function figureMonthDocuments(db: Db) {
  return {
    head: db.collection<FigureMonthsHead>(figureMonthsCollection),
    months: db.collection<MonthDocument>(figureMonthsCollection),
    rows: { chunks: db.collection<ChunkDocument>(figureMonthsCollection), directories: db.collection<DirectoryDocument>(figureMonthsCollection) } satisfies ListingDocuments,
  };
}

/** The list a drill listing's rows of a month are kept in. */
export const rowListOf = (family: string, month: Month) => `${family}:${month}`;

/** Reads the listings' rows' JSON from the directory `head` names, starting on it at once (row-lists.ts). */
export const figureRowsReader = (db: Db, timeZone: string, head: FigureMonthsHead) =>
  rowListsReader(figureMonthDocuments(db).rows, head.listings, async () => (await readFigureMonthsHead(db, timeZone))?.listings ?? null, 'the feedback listings\' rows');

export async function readFigureMonthsHead(db: Db, timeZone: string): Promise<FigureMonthsHead | null> {
  return figureMonthDocuments(db).head.findOne({ _id: figureMonthsHeadId(timeZone) });
}

/** Each month's cells of a family: one `_id` read per year (a missing document or month: nothing counted); not to be changed. */
export async function readMonthCells(db: Db, family: string, months: readonly Month[], timeZone: string): Promise<Map<Month, readonly Cell[]>> {
  const { months: collection } = figureMonthDocuments(db);
  const ids = [...new Set(months.map((month) => monthDocumentId(family, month, timeZone)))];
  const documents = new Map(await Promise.all(ids.map(async (id) => [id, await collection.findOne({ _id: id })] as const)));
  return new Map(await Promise.all(months.map(async (month) => {
    const id = monthDocumentId(family, month, timeZone);
    const stored = documents.get(id)?.months[month];
    return [month, stored === undefined ? [] : await keptCells.of(`${db.databaseName}/${id}/${month}`, stored)] as const;
  })));
}

const projectionName = 'analytics-feedback-months';

/**
 * The head once it has passed `minPosition` (503 CTP_NOT_READY after `timeoutMs`); null while no follower has written
 * one: the figures are then counted from the facts as they are.
 */
export const followedFigureMonthsHead = (db: Db, timeZone: string, minPosition: GlobalPosition | undefined, timeoutMs = 5_000) =>
  followedHead({ name: projectionName, read: () => readFigureMonthsHead(db, timeZone) }, minPosition, timeoutMs);

/** The head's position, for the answer cache's version. */
export const figureMonthsVersion = (db: Db, timeZone: string) => followerVersion(projectionName, () => readFigureMonthsHead(db, timeZone));
