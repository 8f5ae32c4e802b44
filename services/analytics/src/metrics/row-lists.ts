import { readChunks, readDirectoryDocument, startFiling, type FilingOptions, type FilingPlace, type ListingDocuments, type ListingsOfHead } from './listing-documents.js';
import { ChunkRetired, chunksTouched, readingRetired, type Chunk } from './sorted-chunks.js';

/**
 * A follower's listings' rows, kept as sorted chunks (listing-documents.ts) beside its other documents: per list (a
 * month, or a family's month), its rows by id in pieces of `rowsPerPiece` to twice as many (gzipped), and a small
 * directory listing the pieces; the head names a directory of those lists' directories. A batch writes again only the
 * pieces its rows fall on, the directories of their lists and the head's directory, each under a new id; what they
 * replace is deleted a batch later, so a reader of the previous head still finds it. A page reads the directories and
 * then only the pieces its rows fall on, by `_id`, instead of one document per row.
 */

/** A row as kept: its id, then its JSON, so a page parses only its own. */
export type RowEntry = readonly [id: string, json: string];

/** A row's fields as its JSON gives them back, with the fields `names` (ISO strings) read back as dates. */
export const withDates = <T>(fields: Record<string, unknown>, names: readonly string[]) =>
  Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, names.includes(name) && typeof value === 'string' ? new Date(value) : value])) as T;

/** A row a page shows: its id and the list it is kept in. */
export interface RowPlace {
  readonly id: string;
  readonly list: string;
}

/** The head's directory: per list, the id of its directory (a `Chunk[]`). */
type Lists = Record<string, string>;

/** A first page of 100 (the default limit) falls on one to three pieces. */
const defaultRowsPerPiece = 64;

async function listDirectories(documents: ListingDocuments, listings: string | null, what: string): Promise<Lists> {
  if (listings === null) return {};
  const directory = await readDirectoryDocument<Lists>(documents, listings);
  if (directory === null) throw new ChunkRetired(`${what}' directory ${listings} is no longer stored`);
  return directory;
}

async function piecesOf(documents: ListingDocuments, id: string | undefined, what: string): Promise<readonly Chunk[]> {
  if (id === undefined) return [];
  const pieces = await readDirectoryDocument<Chunk[]>(documents, id);
  if (pieces === null) throw new ChunkRetired(`${what}' directory ${id} is no longer stored`);
  return pieces;
}

/** Files a batch's rows, per list, into the rows the head names; answers what the next head keeps. */
export async function fileRowLists(
  documents: ListingDocuments, at: FilingPlace, puts: ReadonlyMap<string, readonly RowEntry[]>, options: { readonly size?: number | undefined; readonly lastWritten?: FilingOptions['lastWritten'] } = {},
): Promise<ListingsOfHead> {
  const filing = await startFiling(documents, at, { gzip: true, lastWritten: options.lastWritten });
  const listings = at.head?.listings ?? null;
  if (puts.size === 0) return { listings, retired: [] };
  const stored = await listDirectories(documents, listings, 'the rows');
  const lists = [...puts.keys()];
  const pieces = await Promise.all(lists.map((list) => piecesOf(documents, stored[list], 'the rows')));
  const filed = await filing.fileEach(lists.map((list, n) => ({ list: pieces[n]!, puts: puts.get(list)!, size: options.size ?? defaultRowsPerPiece })));
  const next: Lists = { ...stored };
  lists.forEach((list, n) => {
    next[list] = filing.subDirectory(filed[n], stored[list] ?? null);
  });
  return filing.directory(next);
}

/**
 * Reads rows' JSON from the directory `listings` names (`what` names the rows in errors), starting on that directory at
 * once (while the caller reads what else it needs): the reader then reads the directories of the rows' lists and the
 * pieces the rows fall on, by `_id`, in parallel. A piece retired meanwhile (two batches later) sends it to the
 * directory `listingsNow` answers then. A row not kept is left out.
 */
export function rowListsReader(documents: ListingDocuments, listings: string | null, listingsNow: () => Promise<string | null>, what: string) {
  const first = listDirectories(documents, listings, what);
  first.catch(() => undefined);
  const rowsFrom = async (directory: Lists, places: readonly RowPlace[]) => {
    const lists = [...new Set(places.map(({ list }) => list))];
    const pieces = (await Promise.all(lists.map(async (list) => {
      const ids = places.filter((each) => each.list === list).map(({ id }) => id);
      return chunksTouched(await piecesOf(documents, directory[list], what), ids);
    }))).flat();
    const read = await readChunks<RowEntry>(documents, pieces);
    for (const id of pieces) if (!read.has(id)) throw new ChunkRetired(`${what}' piece ${id} is no longer stored`);
    return new Map([...read.values()].flat());
  };
  return async (places: readonly RowPlace[]): Promise<Map<string, string>> => {
    if (places.length === 0) return new Map();
    return readingRetired(what, async (attempt) => {
      const json = await rowsFrom(attempt === 0 ? await first : await listDirectories(documents, await listingsNow(), what), places);
      return new Map(places.flatMap(({ id }) => {
        const kept = json.get(id);
        return kept === undefined ? [] : [[id, kept] as const];
      }));
    });
  };
}
