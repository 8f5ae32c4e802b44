import { decoderFor, type GlobalPosition, type RecordedEvent } from '@ctp/contracts';
import { deleteByIds, encodePosition, findByIds, isDuplicateKey } from '@ctp/projections';
import { FeedMoved, writeAtPosition } from '@ctp/service-kit';
import type { Collection, Db } from 'mongodb';
import { entriesOf, evolveQueueCase, type ListEntry, type QueueCase } from '../domain/queue-lists.js';
import { chunksTouched, entriesChanged, moveEntries, refileList, type ChunkEntry, type ChunkWrite, type ListDirectory } from '../domain/queue-chunks.js';

/**
 * One collection, read by `_id` only: the follower's head (`queue-v4`), each case's place (`queue-v4:case:<id>`,
 * holding the case as its line answers it), each list's head naming its chunks in key order with their counts
 * (`queue-v4:list:<list>`) and its chunks (`queue-v4:chunk:<list>:<n>`), which hold each case's key, not its line.
 * Version 4 writes a list only where a case's key in it changes (version 3 kept each case's line in every list it was
 * in, so every event rewrote 7 to 28 chunks); its follower files the feed from its start beside the older versions'
 * documents, which nothing reads once version 4 is complete (docs/sla.md).
 */
export const queueListsCollection = 'caseQueueLists';
export const queueHeadId = 'queue-v4';
export const casePlaceId = (caseId: string) => `${queueHeadId}:case:${caseId}`;
export const listHeadId = (list: string) => `${queueHeadId}:list:${list}`;
export const chunkId = (list: string, chunk: string) => `${queueHeadId}:chunk:${list}:${chunk}`;
/** Cases a list's chunk is cut into once past twice this: a chunk of keys of about 130 bytes stays under 13 KB. */
export const queueChunkSize = 48;

export interface QueueHead {
  readonly _id: string;
  readonly position: GlobalPosition;
  readonly followedAt: Date;
  /** Whether a batch shorter than the largest was read once: the lists then held the whole feed up to then. */
  readonly complete: boolean;
}
/**
 * A case as the follower last filed it: `position` its last event's, `entries` where it stands; its last move `left`
 * some entries and `added` others, which the next batch holding the case writes again (a crash between the place and
 * its chunks).
 */
export interface CasePlace {
  readonly _id: string;
  readonly position: GlobalPosition;
  readonly state: QueueCase | null;
  readonly entries: readonly ListEntry[];
  readonly left: readonly ListEntry[];
  readonly added: readonly ListEntry[];
}
export interface Chunk {
  readonly _id: string;
  readonly version: number;
  readonly entries: readonly ChunkEntry[];
}
export interface ListHead extends ListDirectory {
  readonly _id: string;
  readonly version: number;
}

export function queueListDocuments(db: Db) {
  const collection = <T extends { _id: string }>() => db.collection<T>(queueListsCollection);
  return { head: collection<QueueHead>(), places: collection<CasePlace>(), chunks: collection<Chunk>(), lists: collection<ListHead>() };
}
export type QueueListDocuments = ReturnType<typeof queueListDocuments>;

const caseEvent = decoderFor('case');
const after = (position: GlobalPosition, stored: GlobalPosition | undefined) => stored === undefined || BigInt(position) > BigInt(stored);
const parallelWrites = 16;

async function inParallel<T>(items: readonly T[], write: (item: T) => Promise<void>): Promise<void> {
  for (let first = 0; first < items.length; first += parallelWrites) await Promise.all(items.slice(first, first + parallelWrites).map(write));
}

/** Writes `next` over the version read (compare and set; inserts when none was); another process's write ends the run. */
async function writeVersioned<T extends { _id: string; version: number }>(collection: Collection<T>, stored: T | undefined, next: Omit<T, 'version'>): Promise<void> {
  const written = { ...next, version: (stored?.version ?? 0) + 1 } as T;
  if (stored === undefined) {
    await collection.insertOne(written as never).catch((error: unknown) => {
      throw isDuplicateKey(error) ? new FeedMoved(`another process wrote ${next._id}`) : error;
    });
  } else if ((await collection.replaceOne({ _id: next._id, version: stored.version } as never, written)).matchedCount !== 1) {
    throw new FeedMoved(`another process wrote ${next._id} past version ${stored.version}`);
  }
}

/** The batch's events of each case, by case id. */
function eventsByCase(events: readonly RecordedEvent[]): Map<string, RecordedEvent[]> {
  const byCase = new Map<string, RecordedEvent[]>();
  for (const event of events) {
    if (!event.streamId.startsWith('case-')) continue;
    const caseId = event.streamId.slice('case-'.length);
    byCase.set(caseId, [...(byCase.get(caseId) ?? []), event]);
  }
  return byCase;
}

/** `list` -> the writes of the batch's moves, in the order they were made. */
function movesOfBatch(places: ReadonlyMap<string, CasePlace>, byCase: ReadonlyMap<string, readonly RecordedEvent[]>) {
  const writes = new Map<string, ChunkWrite[]>();
  const write = (moves: Map<string, ChunkWrite[]>) => {
    for (const [list, listWrites] of moves) writes.set(list, [...(writes.get(list) ?? []), ...listWrites]);
  };
  const moved: { stored: CasePlace | null; next: CasePlace }[] = [];
  for (const [caseId, caseEvents] of byCase) {
    const stored = places.get(casePlaceId(caseId)) ?? null;
    if (stored) write(moveEntries(caseId, stored.left, stored.added, encodePosition(stored.position)));
    const fresh = caseEvents.filter((event) => after(event.globalPosition, stored?.position));
    if (fresh.length === 0) continue;
    const state = fresh.reduce<QueueCase | null>((current, event) => evolveQueueCase(current, caseEvent(event)), stored?.state ?? null);
    const entries = state ? entriesOf(state) : [];
    const next: CasePlace = { _id: casePlaceId(caseId), position: fresh.at(-1)!.globalPosition, state, entries, ...entriesChanged(stored?.entries ?? [], entries) };
    write(moveEntries(caseId, next.left, next.added, encodePosition(next.position)));
    moved.push({ stored, next });
  }
  return { moved, writes };
}

/**
 * Files a batch of the feed: each case's events after its place's position move it between lists. The places are
 * written first, then the chunks (new ones first), then the lists' heads, then the retired chunks are deleted; each
 * document by compare and set on what was read, so another process writing meanwhile ends the run. Each case seen
 * writes its stored place's move again before its new one: a move whose place was written but not its chunks (a
 * crash) is completed by the next batch holding the case, and changes nothing already written (an entry is replaced
 * only by a write from a later event at another key). Answers the batch's last position.
 */
export async function fileQueueBatch(documents: QueueListDocuments, events: readonly RecordedEvent[], chunkSize = queueChunkSize): Promise<GlobalPosition> {
  const byCase = eventsByCase(events);
  const places = new Map((await findByIds(documents.places, [...byCase.keys()].map(casePlaceId))).map((place) => [place._id, place]));
  const { moved, writes } = movesOfBatch(places, byCase);
  await inParallel(moved, ({ stored, next }) => writeAtPosition(documents.places, stored, next, `the queue place of ${next._id}`));
  const lists = [...writes.keys()];
  const heads = new Map((await findByIds(documents.lists, lists.map(listHeadId))).map((head) => [head._id, head]));
  const directoryOf = (list: string): ListDirectory => heads.get(listHeadId(list)) ?? { chunks: [], nextChunk: 1 };
  const touched = new Map(lists.map((list) => [list, chunksTouched(directoryOf(list).chunks, writes.get(list)!)]));
  const stored = new Map((await findByIds(documents.chunks, [...touched].flatMap(([list, ids]) => ids.map((id) => chunkId(list, id))))).map((chunk) => [chunk._id, chunk]));
  const refiled = lists.map((list) => {
    const held = new Map(touched.get(list)!.map((id) => [id, stored.get(chunkId(list, id))?.entries ?? []]));
    return { list, ...refileList(directoryOf(list), held, writes.get(list)!, chunkSize) };
  });
  const chunkWrites = (pick: (list: (typeof refiled)[number]) => Map<string, ChunkEntry[]>) => refiled.flatMap((list) => [...pick(list)].map(([id, entries]) => ({ _id: chunkId(list.list, id), entries })));
  // A new chunk's number is past every one the head names: a document there is left from a batch that crashed before its head.
  await inParallel(chunkWrites(({ created }) => created), async (chunk) => void (await documents.chunks.replaceOne({ _id: chunk._id }, { ...chunk, version: 1 }, { upsert: true })));
  await inParallel(chunkWrites(({ rewritten }) => rewritten), (chunk) => writeVersioned(documents.chunks, stored.get(chunk._id), chunk));
  await inParallel(refiled, async ({ list, directory }) => {
    const head = heads.get(listHeadId(list));
    if (head && JSON.stringify(head.chunks) === JSON.stringify(directory.chunks)) return;
    await writeVersioned(documents.lists, head, { _id: listHeadId(list), ...directory });
  });
  const retired = refiled.flatMap(({ list, retired }) => retired.map((id) => chunkId(list, id)));
  await deleteByIds(documents.chunks, retired);
  return events.at(-1)!.globalPosition;
}
