import { compareGlobalPositions, decoderFor, type GlobalPosition, type RecordedEvent } from '@ctp/contracts';
import { findByIds } from '@ctp/projections';
import { feedFollower, type BackgroundWork, type FeedFollowerDeps } from '@ctp/service-kit';
import type { Db } from 'mongodb';
import { listKeysOf, overdueStandings, type OverdueItem } from '../domain/contacts/overdue-items.js';
import { itemsPerPage, pagesTouched, refile, totalOf, type ListChanges, type OverdueList } from '../domain/contacts/overdue-pages.js';

/**
 * One collection, read by `_id` only: the head (`overdue-v1`: how far the feed was followed, and each list's
 * directory and total), the directories (each list's pages in order) and the pages (`overdue-v1:<position>:<n>`
 * both, never changed once written). A new rule gets new ids.
 */
export const overdueCollection = 'contactOverdueLists';
export const overdueHeadId = 'overdue-v1';

export interface OverdueHead {
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

export interface OverdueDirectory {
  readonly _id: string;
  readonly pages: OverdueList['pages'];
}

export interface OverduePage {
  readonly _id: string;
  readonly items: readonly OverdueItem[];
}

export function overdueDocuments(db: Db) {
  return { head: db.collection<OverdueHead>(overdueCollection), directories: db.collection<OverdueDirectory>(overdueCollection), pages: db.collection<OverduePage>(overdueCollection) };
}
export type OverdueDocuments = ReturnType<typeof overdueDocuments>;

/** Customers' contact streams as stored (the store's `readStreams`, or the events in hand). */
export type StreamsOf = (streamIds: readonly string[]) => Promise<Map<string, RecordedEvent[]>>;


const contactEvent = decoderFor('contact');
const parallelWrites = 8;
const listChanging = new Set(['ContactObligationOverdue', 'ContactObligationEscalated', 'ContactOutcomeRecorded', 'ContactObligationsCancelled']);
/** The events `overdueStandings` reads: the others are not decoded. */
const standingTypes = new Set([...listChanging, 'ContactObligationsPlanned']);

/**
 * Follows the store's global feed and keeps the overdue contact obligations in pages, longest overdue first, per
 * list: all, and each tier's, team's and account manager's. A batch reads the streams of the customers whose
 * obligations it moves on or off a list, writes the touched pages again under new ids and answers the head naming
 * them, which the follower writes by compare and set: each batch applies once, whatever crashes or other processes
 * do. One process follows at a time (a lease), as tiering's followers do.
 */
export function overdueFollower(deps: FeedFollowerDeps): BackgroundWork {
  const documents = overdueDocuments(deps.db);
  return feedFollower({
    name: 'overdue contacts',
    ...deps,
    leaseName: `ctp-overdue-contacts:${deps.schema}`,
    heads: documents.head,
    headId: overdueHeadId,
    handler: () => (events, head) => fileOverdue(documents, events, head, (ids) => deps.history.readStreams(ids), deps.clock()),
  });
}

/** Each list's changes from the batch: where every obligation it touches stands after the batch's last event. */
async function changesOf(events: readonly RecordedEvent[], streamsOf: StreamsOf): Promise<Map<string, ListChanges>> {
  const touched = new Map<string, Set<string>>();
  for (const raw of events) {
    if (!raw.streamId.startsWith('contact-') || !listChanging.has(raw.type)) continue;
    const event = contactEvent(raw);
    if (event.type === 'ContactOutcomeRecorded' && !event.data.fulfils) continue;
    const ids = event.type === 'ContactObligationsCancelled' ? event.data.obligationIds : 'obligationId' in event.data ? [event.data.obligationId] : [];
    touched.set(raw.streamId, new Set([...(touched.get(raw.streamId) ?? []), ...ids]));
  }
  const changes = new Map<string, { put: OverdueItem[]; remove: OverdueItem[] }>();
  if (touched.size === 0) return changes;
  const last = events.at(-1)!.globalPosition;
  for (const [streamId, stream] of await streamsOf([...touched.keys()])) {
    const standings = overdueStandings(stream.filter((event) => standingTypes.has(event.type) && compareGlobalPositions(event.globalPosition, last) <= 0).map(contactEvent));
    for (const id of touched.get(streamId) ?? []) {
      const standing = standings.get(id);
      if (!standing) continue;
      for (const key of listKeysOf(standing.item)) {
        const list = changes.get(key) ?? changes.set(key, { put: [], remove: [] }).get(key)!;
        (standing.listed ? list.put : list.remove).push(standing.item);
      }
    }
  }
  return changes;
}

/** A batch filed into the lists; answers the head to write after it (its pages are written already). */
export async function fileOverdue(documents: OverdueDocuments, events: readonly RecordedEvent[], head: OverdueHead | null, streamsOf: StreamsOf, now: Date, pageSize = itemsPerPage): Promise<OverdueHead> {
  const position = events.at(-1)!.globalPosition;
  await Promise.all((head?.retired ?? []).map((id) => documents.pages.deleteOne({ _id: id })));
  const lists = new Map((head?.lists ?? []).map((entry) => [entry.key, entry]));
  const retired: string[] = [];
  let documentNumber = 0;
  const newId = () => `${overdueHeadId}:${position}:${documentNumber++}`;
  for (const [key, changes] of await changesOf(events, streamsOf)) {
    const entry = lists.get(key);
    const directory = entry ? await documents.directories.findOne({ _id: entry.directory }) : null;
    if (entry && !directory) throw new Error(`the overdue list ${key} names a directory that is not stored`);
    const list = { key, pages: directory?.pages ?? [] };
    const ids = pagesTouched(list, changes);
    const stored = await findByIds(documents.pages, ids);
    if (stored.length !== ids.length) throw new Error(`the overdue list ${key} names a page that is not stored`);
    const filed = refile(list, new Map(stored.map((page) => [page._id, page.items])), changes, newId, pageSize);
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
  return { _id: overdueHeadId, position, followedAt: now, lists: [...lists.values()], retired };
}
