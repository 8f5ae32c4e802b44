import type { GlobalPosition, RecordedEvent } from '@ctp/contracts';
import { deleteByIds, findByIds } from '@ctp/projections';
import { followedHead } from '@ctp/service-kit';
import type { Db, Filter } from 'mongodb';
import { itemsPerPage, pagesFor, sortedPages, totalOf, type ListChanges, type PageOrder, type PagedList } from '../domain/lists/sorted-pages.js';

/**
 * Lists a feed follower keeps in one collection, read by `_id` only: the head (how far the feed was followed, and
 * each list's directory and total), the directories (each list's pages in order) and the pages (`<headId>:<position>:<n>`
 * both, never changed once written).
 */
export interface ListsHead {
  readonly _id: string;
  readonly position: GlobalPosition;
  readonly followedAt: Date;
  readonly lists: readonly ListEntry[];
  /** Pages and directories this batch replaced: the next batch deletes them, so a reader of the previous head still finds them meanwhile. */
  readonly retired: readonly string[];
}

/** A list as the head names it: a small head however many pages the lists have. */
export interface ListEntry {
  readonly key: string;
  readonly directory: string;
  readonly total: number;
}

export interface ListDirectory<Key> {
  readonly _id: string;
  readonly pages: PagedList<Key>['pages'];
}

export interface ListPage<Item> {
  readonly _id: string;
  readonly items: readonly Item[];
}

export function listDocuments<Item extends Key, Key, Head extends ListsHead = ListsHead>(db: Db, collection: string) {
  return { head: db.collection<Head>(collection), directories: db.collection<ListDirectory<Key>>(collection), pages: db.collection<ListPage<Item>>(collection) };
}
export type ListDocuments<Item extends Key, Key, Head extends ListsHead = ListsHead> = ReturnType<typeof listDocuments<Item, Key, Head>>;

/** Streams as stored (the store's `readStreams`, or the events in hand): what a follower reads a touched item's standing from. */
export type StreamsOf = (streamIds: readonly string[]) => Promise<Map<string, RecordedEvent[]>>;

/** StreamsOf over events in hand (a benchmark's fill, never appended to a store). */
export function streamsInHand(events: readonly RecordedEvent[]): StreamsOf {
  const streams = new Map<string, RecordedEvent[]>();
  for (const event of events) (streams.get(event.streamId) ?? streams.set(event.streamId, []).get(event.streamId)!).push(event);
  return async (ids) => new Map(ids.map((id) => [id, streams.get(id) ?? []]));
}

const parallelWrites = 8;

/**
 * Files a batch's changes (list key -> changes) into the lists the head names: each touched page is written again
 * under a new id, then each touched list's directory; answers the head's lists and what they retired (the pages
 * the previous head retired are deleted first). The caller writes the head by compare and set.
 */
export async function fileLists<Item extends Key, Key>(documents: Pick<ListDocuments<Item, Key>, 'directories' | 'pages'>, order: PageOrder<Key>, at: { headId: string; position: GlobalPosition; head: ListsHead | null }, changes: ReadonlyMap<string, ListChanges<Item, Key>>, pageSize = itemsPerPage) {
  const { pagesTouched, refile } = sortedPages(order);
  await deleteByIds(documents.pages, at.head?.retired ?? []);
  const lists = new Map((at.head?.lists ?? []).map((entry) => [entry.key, entry]));
  const retired: string[] = [];
  let documentNumber = 0;
  const newId = () => `${at.headId}:${at.position}:${documentNumber++}`;
  for (const [key, listChanges] of changes) {
    const entry = lists.get(key);
    const directory = entry ? await documents.directories.findOne({ _id: entry.directory }) : null;
    if (entry && !directory) throw new Error(`the list ${key} names a directory that is not stored`);
    const list = { key, pages: directory?.pages ?? [] };
    const ids = pagesTouched(list, listChanges);
    const stored = await findByIds(documents.pages, ids);
    if (stored.length !== ids.length) throw new Error(`the list ${key} names a page that is not stored`);
    const filed = refile(list, new Map(stored.map((page) => [page._id, page.items])), listChanges, newId, pageSize);
    for (let first = 0; first < filed.written.length; first += parallelWrites) {
      await Promise.all(filed.written.slice(first, first + parallelWrites).map(({ id, items }) => documents.pages.replaceOne({ _id: id }, { items }, { upsert: true })));
    }
    retired.push(...filed.retired, ...(entry ? [entry.directory] : []));
    if (filed.list.pages.length === 0) {
      lists.delete(key);
      continue;
    }
    const written = newId();
    await documents.directories.replaceOne({ _id: written }, { pages: filed.list.pages }, { upsert: true });
    lists.set(key, { key, directory: written, total: totalOf(filed.list) });
  }
  return { lists: [...lists.values()], retired };
}

/** A directory or page retired between reading the head and reading it: read the head again, at most this often. */
const attempts = 3;

/**
 * Items [offset, offset + limit) of list `key` and its total: the head (once past `minPosition`, see followedHead),
 * the list's directory and the pages holding the range, each read by `_id`. Null while no follower has written a
 * head, or one `usable` refuses: the caller reads its read model then.
 */
export async function readList<Item extends Key, Key, Head extends ListsHead>(documents: ListDocuments<Item, Key, Head>, headId: string, query: { key: string; offset: number; limit: number; minPosition?: GlobalPosition | undefined }, timeoutMs: number, usable: (head: Head) => boolean = () => true) {
  const follower = { name: headId, read: () => documents.head.findOne({ _id: headId } as Filter<Head>) as Promise<Head | null> };
  const stored = await follower.read();
  if (stored === null || !usable(stored)) return null;
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const head = await followedHead(follower, query.minPosition, timeoutMs);
    if (head === null) return null;
    const entry = head.lists.find((candidate) => candidate.key === query.key);
    const directory = entry ? await documents.directories.findOne({ _id: entry.directory }) : null;
    if (entry && !directory) continue;
    const { ids, skip } = pagesFor({ key: query.key, pages: directory?.pages ?? [] }, query.offset, query.limit);
    const read = (await Promise.all(ids.map((id) => documents.pages.findOne({ _id: id })))).filter((page) => page !== null);
    if (read.length !== ids.length) continue;
    return { total: entry?.total ?? 0, items: read.flatMap((page) => page.items).slice(skip, skip + query.limit) };
  }
  throw new Error(`the pages of ${headId} were retired ${attempts} times while being read`);
}
