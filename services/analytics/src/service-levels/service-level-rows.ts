import type { Db } from 'mongodb';
import { readChunks, readDirectoryDocument, startFiling, type FilingOptions, type FilingPlace, type ListingDocuments, type ListingsOfHead } from '../metrics/listing-documents.js';
import type { Month } from '../metrics/period.js';
import { ChunkRetired, chunksTouched, readingRetired, type Chunk } from '../metrics/sorted-chunks.js';
import type { CaseFact, ClockFact } from './facts.js';
import { readServiceLevelMonthsHead, serviceLevelMonthDocuments } from './service-level-month-store.js';

/**
 * The listings' rows, kept by the service-level month follower as sorted chunks (listing-documents.ts) in the months'
 * collection: per month opened, its cases' rows by case id in pieces of `rowsPerPiece` to twice as many (gzipped), and
 * a small directory listing the pieces; the head names a directory of those month directories. A batch writes again
 * only the pieces its cases fall on, the directories of their months and the head's directory, each under a new id;
 * what they replace is deleted a batch later, so a reader of the previous head still finds it. A page reads the
 * directories and then only the pieces its cases fall on, not the month's whole rows (825 at 100,000 customers).
 */

/** A case opened in the month as the listings show it: its fact and its clocks' facts, as the read model holds them. */
export interface CaseRows {
  readonly fact: CaseFact;
  readonly clocks: readonly ClockFact[];
}

/** A case's rows as kept: its id, then its rows' JSON, so a page parses only its own. */
export type RowEntry = readonly [caseId: string, json: string];
export const rowEntry = (rows: CaseRows): RowEntry => [rows.fact._id, JSON.stringify(rows)];

/** The head's directory: per month opened, the id of its directory (a `Chunk[]`). */
type RowMonths = Record<Month, string>;

/** A first page of 100 (the default limit) falls on one to three pieces. */
const rowsPerPiece = 64;

const notStored = (id: string | undefined) => new ChunkRetired(`the service-level rows' directory ${id} is no longer stored`);

async function monthDirectories(documents: ListingDocuments, listings: string | null): Promise<RowMonths> {
  if (listings === null) return {};
  const directory = await readDirectoryDocument<RowMonths>(documents, listings);
  if (directory === null) throw notStored(listings);
  return directory;
}

async function piecesOf(documents: ListingDocuments, id: string | undefined): Promise<readonly Chunk[]> {
  if (id === undefined) return [];
  const pieces = await readDirectoryDocument<Chunk[]>(documents, id);
  if (pieces === null) throw notStored(id);
  return pieces;
}

/** Files a batch's rows, per month opened, into the rows the head names; answers what the next head keeps. */
export async function fileRows(
  documents: ListingDocuments, at: FilingPlace, puts: ReadonlyMap<Month, readonly RowEntry[]>, options: { readonly size?: number | undefined; readonly lastWritten?: FilingOptions['lastWritten'] } = {},
): Promise<ListingsOfHead> {
  const filing = await startFiling(documents, at, { gzip: true, lastWritten: options.lastWritten });
  const listings = at.head?.listings ?? null;
  if (puts.size === 0) return { listings, retired: [] };
  const stored = await monthDirectories(documents, listings);
  const months = [...puts.keys()];
  const lists = await Promise.all(months.map((month) => piecesOf(documents, stored[month])));
  const filed = await filing.fileEach(months.map((month, n) => ({ list: lists[n]!, puts: puts.get(month)!, size: options.size ?? rowsPerPiece })));
  const next: RowMonths = { ...stored };
  months.forEach((month, n) => {
    next[month] = filing.subDirectory(filed[n], stored[month] ?? null);
  });
  return filing.directory(next);
}

const caseDates = ['openedAt', 'firstReplyAt', 'lastCustomerMessageAt', 'resolvedAt'] as const;
const clockDates = ['startedAt', 'deadline', 'stoppedAt'] as const;
const withDates = <T>(fields: Record<string, unknown>, names: readonly string[]) =>
  Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, names.includes(name) && typeof value === 'string' ? new Date(value) : value])) as T;
/** A row as the follower kept it, its dates read back as dates. */
function caseRowsOf(json: string): CaseRows {
  const { fact, clocks } = JSON.parse(json) as { fact: Record<string, unknown>; clocks: Record<string, unknown>[] };
  return { fact: withDates<CaseFact>(fact, caseDates), clocks: clocks.map((clock) => withDates<ClockFact>(clock, clockDates)) };
}

/**
 * Reads rows from the directory `head` names, starting on the directory at once (while the caller reads the entries):
 * `rowsOf` then reads the directories of the cases' months and the pieces the cases fall on, by `_id`, in parallel.
 * A piece retired meanwhile (two batches later) sends it to the head as it is then.
 */
export function serviceLevelRowsReader(db: Db, timeZone: string, head: ListingsOfHead) {
  const documents = serviceLevelMonthDocuments(db).rows;
  const first = monthDirectories(documents, head.listings);
  first.catch(() => undefined);
  const rowsFrom = async (directory: RowMonths, cases: readonly { readonly id: string; readonly month: Month }[]) => {
    const months = [...new Set(cases.map(({ month }) => month))];
    const pieces = await Promise.all(months.map(async (month) => {
      const ids = cases.filter((each) => each.month === month).map(({ id }) => id);
      return chunksTouched(await piecesOf(documents, directory[month]), ids);
    }));
    const read = await readChunks<RowEntry>(documents, pieces.flat());
    for (const id of pieces.flat()) if (!read.has(id)) throw new ChunkRetired(`the service-level rows' piece ${id} is no longer stored`);
    return new Map([...read.values()].flat());
  };
  return async (cases: readonly { readonly id: string; readonly month: Month }[]): Promise<Map<string, CaseRows>> => {
    if (cases.length === 0) return new Map();
    return readingRetired('the service-level rows', async (attempt) => {
      const json = await rowsFrom(attempt === 0 ? await first : await monthDirectories(documents, (await readServiceLevelMonthsHead(db, timeZone))?.listings ?? null), cases);
      return new Map(cases.flatMap(({ id }) => {
        const kept = json.get(id);
        return kept === undefined ? [] : [[id, caseRowsOf(kept)] as const];
      }));
    });
  };
}
