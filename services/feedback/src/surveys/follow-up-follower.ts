import { compareGlobalPositions, decoderFor, type RecordedEvent } from '@ctp/contracts';
import { feedFollower, type BackgroundWork, type FeedFollowerDeps } from '@ctp/service-kit';
import type { Db } from 'mongodb';
import { itemsPerPage, type ListChanges } from '../domain/lists/sorted-pages.js';
import { followUpListKeys, followUpOrder, followUpsAfter, type FollowUpItem, type FollowUpKey } from '../domain/surveys/follow-up-lists.js';
import { fileLists, listDocuments, type ListsHead, type StreamsOf } from '../lists/paged-lists.js';

/** The follow-up lists (paged-lists.ts) in one collection; a new rule gets a new head id. */
export const followUpListsCollection = 'followUpLists';
export const followUpsHeadId = 'follow-ups-v1';

export interface FollowUpsHead extends ListsHead {
  /** Set once a batch came shorter than a full one: the follower had reached the feed's end, and its lists hold every follow-up. */
  readonly caughtUp: boolean;
}

export const followUpListDocuments = (db: Db) => listDocuments<FollowUpItem, FollowUpKey, FollowUpsHead>(db, followUpListsCollection);
export type FollowUpListDocuments = ReturnType<typeof followUpListDocuments>;

const surveyEvent = decoderFor('survey');
const batchSize = 1_000;

/** Each list's changes from the batch: every follow-up it touches taken off the lists it was on before the batch, put on those it is on after. */
async function changesOf(events: readonly RecordedEvent[], streamsOf: StreamsOf): Promise<Map<string, ListChanges<FollowUpItem, FollowUpKey>>> {
  const changes = new Map<string, { put: FollowUpItem[]; remove: FollowUpItem[] }>();
  const touched = [...new Set(events.filter((event) => event.type.startsWith('FollowUp')).map((event) => event.streamId))];
  if (touched.length === 0) return changes;
  const [first, last] = [events[0]!.globalPosition, events.at(-1)!.globalPosition];
  const list = (key: string) => changes.get(key) ?? changes.set(key, { put: [], remove: [] }).get(key)!;
  for (const stream of (await streamsOf(touched)).values()) {
    const followUpEvents = stream.filter((event) => event.type.startsWith('FollowUp'));
    const before = followUpsAfter(followUpEvents.filter((event) => compareGlobalPositions(event.globalPosition, first) < 0).map(surveyEvent));
    const after = followUpsAfter(followUpEvents.filter((event) => compareGlobalPositions(event.globalPosition, last) <= 0).map(surveyEvent));
    for (const [id, item] of after) {
      const was = before.get(id);
      if (was) for (const key of followUpListKeys(was)) list(key).remove.push(was);
      for (const key of followUpListKeys(item)) list(key).put.push(item);
    }
  }
  return changes;
}

/** A batch filed into the lists; answers the head to write after it (its pages are written already). */
export async function fileFollowUps(documents: FollowUpListDocuments, events: readonly RecordedEvent[], head: FollowUpsHead | null, streamsOf: StreamsOf, now: Date, pageSize = itemsPerPage): Promise<FollowUpsHead> {
  const position = events.at(-1)!.globalPosition;
  const { lists, retired } = await fileLists(documents, followUpOrder, { headId: followUpsHeadId, position, head }, await changesOf(events, streamsOf), pageSize);
  return { _id: followUpsHeadId, position, followedAt: now, lists, retired, caughtUp: head?.caughtUp === true || events.length < batchSize };
}

/**
 * Follows the store's global feed and keeps the follow-ups in pages, earliest deadline first, per list: all, each
 * status, each owner's and each owner's in each status. A batch reads the invitation streams whose follow-ups it
 * moves, writes the touched pages again under new ids and answers the head naming them, which the follower writes by
 * compare and set: each batch applies once, whatever crashes or other processes do. One process follows at a time.
 */
export function followUpFollower(deps: FeedFollowerDeps): BackgroundWork {
  const documents = followUpListDocuments(deps.db);
  return feedFollower({
    name: 'follow-up lists',
    ...deps,
    leaseName: `ctp-follow-up-lists:${deps.schema}`,
    heads: documents.head,
    headId: followUpsHeadId,
    maxBatchSize: batchSize,
    handler: () => (events, head) => fileFollowUps(documents, events, head, (ids) => deps.history.readStreams(ids), deps.clock()),
  });
}
