import { compareGlobalPositions, decoderFor, type RecordedEvent } from '@ctp/contracts';
import { feedFollower, type BackgroundWork, type FeedFollowerDeps } from '@ctp/service-kit';
import type { Db } from 'mongodb';
import { listKeysOf, overdueStandings, type OverdueItem } from '../domain/contacts/overdue-items.js';
import { itemsPerPage, overdueOrder, type OverdueChanges, type SortKey } from '../domain/contacts/overdue-pages.js';
import { fileLists, listDocuments, type ListsHead, type StreamsOf } from '../lists/paged-lists.js';

/** The lists (paged-lists.ts) in one collection; a new rule gets a new head id. */
export const overdueCollection = 'contactOverdueLists';
export const overdueHeadId = 'overdue-v1';

export type OverdueHead = ListsHead;

export const overdueDocuments = (db: Db) => listDocuments<OverdueItem, SortKey>(db, overdueCollection);
export type OverdueDocuments = ReturnType<typeof overdueDocuments>;


const contactEvent = decoderFor('contact');
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
async function changesOf(events: readonly RecordedEvent[], streamsOf: StreamsOf): Promise<Map<string, OverdueChanges<OverdueItem>>> {
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
  const { lists, retired } = await fileLists(documents, overdueOrder, { headId: overdueHeadId, position, head }, await changesOf(events, streamsOf), pageSize);
  return { _id: overdueHeadId, position, followedAt: now, lists, retired };
}
