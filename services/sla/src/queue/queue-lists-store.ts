import { decoderFor, type GlobalPosition, type RecordedEvent } from '@ctp/contracts';
import { encodePosition, findByIds, isDuplicateKey } from '@ctp/projections';
import { FeedMoved, writeAtPosition } from '@ctp/service-kit';
import type { Collection, Db } from 'mongodb';
import { entriesOf, evolveQueueCase, type ListEntry, type QueueCase } from '../domain/queue-lists.js';
import { mergeBucket, mergeCounts, moveEntries, type BucketCount, type BucketEntry } from '../domain/queue-pages.js';
import { queueItem } from './queue-item.js';

/**
 * One collection, read by `_id` only: the follower's head (`queue-v2`), each case's place (`queue-v2:case:<id>`),
 * each list's head of bucket counts (`queue-v2:list:<list>`) and its buckets (`queue-v2:bucket:<list>:<bucket>`).
 * Version 2 keeps each case's line in its live entries; its follower files the feed from its start beside version 1's
 * documents, which nothing reads once version 2 is complete (docs/sla.md).
 */
export const queueListsCollection = 'caseQueueLists';
export const queueHeadId = 'queue-v2';
export const casePlaceId = (caseId: string) => `${queueHeadId}:case:${caseId}`;
export const listHeadId = (list: string) => `${queueHeadId}:list:${list}`;
export const bucketId = (list: string, bucket: string) => `${queueHeadId}:bucket:${list}:${bucket}`;

export interface QueueHead {
  readonly _id: string;
  readonly position: GlobalPosition;
  readonly followedAt: Date;
  /** Whether a batch shorter than the largest was read once: the lists then held the whole feed up to then. */
  readonly complete: boolean;
}
/** A case as the follower last filed it: `position` its last event's, `entries` where it stands, `left` where it stood before. */
export interface CasePlace {
  readonly _id: string;
  readonly position: GlobalPosition;
  readonly state: QueueCase | null;
  readonly entries: readonly ListEntry[];
  readonly left: readonly ListEntry[];
}
export interface Bucket {
  readonly _id: string;
  readonly version: number;
  readonly entries: readonly BucketEntry[];
}
export interface ListHead {
  readonly _id: string;
  readonly version: number;
  readonly counts: readonly BucketCount[];
}

export function queueListDocuments(db: Db) {
  const collection = <T extends { _id: string }>() => db.collection<T>(queueListsCollection);
  return { head: collection<QueueHead>(), places: collection<CasePlace>(), buckets: collection<Bucket>(), lists: collection<ListHead>() };
}
export type QueueListDocuments = ReturnType<typeof queueListDocuments>;

const caseEvent = decoderFor('case');
const lineOf = (state: QueueCase | null) => (state ? queueItem(state) : undefined);
const after = (position: GlobalPosition, stored: GlobalPosition | undefined) => stored === undefined || BigInt(position) > BigInt(stored);
const parallelWrites = 16;
const triesPerDocument = 20;

async function inParallel<T>(items: readonly T[], write: (item: T) => Promise<void>): Promise<void> {
  for (let first = 0; first < items.length; first += parallelWrites) await Promise.all(items.slice(first, first + parallelWrites).map(write));
}

/** Rewrites a versioned document from what was read until no other process changed it in between (compare and set). */
async function compareAndSet<T extends { _id: string; version: number }>(collection: Collection<T>, id: string, change: (stored: T | null) => Omit<T, '_id' | 'version'> | null): Promise<T | null> {
  for (let attempt = 0; attempt < triesPerDocument; attempt += 1) {
    const stored = (await collection.findOne({ _id: id } as never)) as T | null;
    const changed = change(stored);
    if (changed === null) return stored;
    const next = { ...changed, _id: id, version: (stored?.version ?? 0) + 1 } as T;
    if (stored === null) {
      const inserted = await collection.insertOne(next as never).then(() => true, (error: unknown) => { if (isDuplicateKey(error)) return false; throw error; });
      if (inserted) return next;
    } else if ((await collection.replaceOne({ _id: id, version: stored.version } as never, next)).matchedCount === 1) return next;
  }
  throw new FeedMoved(`${id} kept changing in other processes`);
}

/**
 * Files a batch of the feed: each case's events after its place's position move it between lists. The places are
 * written first (compare and set: of two processes only one moves a case), then the buckets, then the lists' counts.
 * Each case seen writes its stored place's move again before its new one: a move whose place was written but not
 * its buckets (a crash, another process) is completed by the next batch holding the case, and changes nothing
 * already written (an entry or a count is replaced only by a later one). Answers the batch's last position.
 */
export async function fileQueueBatch(documents: QueueListDocuments, events: readonly RecordedEvent[]): Promise<GlobalPosition> {
  const byCase = new Map<string, RecordedEvent[]>();
  for (const event of events) if (event.streamId.startsWith('case-')) byCase.set(event.streamId.slice('case-'.length), [...(byCase.get(event.streamId.slice('case-'.length)) ?? []), event]);
  const places = new Map((await findByIds(documents.places, [...byCase.keys()].map(casePlaceId))).map((place) => [place._id, place]));
  const writes = new Map<string, Map<string, BucketEntry[]>>();
  const write = (moves: Map<string, Map<string, BucketEntry[]>>) => {
    for (const [list, buckets] of moves) {
      const listWrites = writes.get(list) ?? writes.set(list, new Map()).get(list)!;
      for (const [bucket, entries] of buckets) listWrites.set(bucket, [...(listWrites.get(bucket) ?? []), ...entries]);
    }
  };
  const moved: { stored: CasePlace | null; next: CasePlace }[] = [];
  for (const [caseId, caseEvents] of byCase) {
    const stored = places.get(casePlaceId(caseId)) ?? null;
    if (stored) write(moveEntries(caseId, stored.left, stored.entries, encodePosition(stored.position), lineOf(stored.state)));
    const fresh = caseEvents.filter((event) => after(event.globalPosition, stored?.position));
    if (fresh.length === 0) continue;
    const state = fresh.reduce<QueueCase | null>((current, event) => evolveQueueCase(current, caseEvent(event)), stored?.state ?? null);
    const entries = state ? entriesOf(state) : [];
    const stays = new Set(entries.map(({ list, bucket }) => `${list}\n${bucket}`));
    const next: CasePlace = { _id: casePlaceId(caseId), position: fresh.at(-1)!.globalPosition, state, entries, left: (stored?.entries ?? []).filter(({ list, bucket }) => !stays.has(`${list}\n${bucket}`)) };
    write(moveEntries(caseId, stored?.entries ?? [], entries, encodePosition(next.position), lineOf(state)));
    moved.push({ stored, next });
  }
  await inParallel(moved, ({ stored, next }) => writeAtPosition(documents.places, stored, next, `the queue place of ${next._id}`));
  const counted = new Map<string, BucketCount[]>();
  await inParallel([...writes].flatMap(([list, buckets]) => [...buckets].map(([bucket, entries]) => ({ list, bucket, entries }))), async ({ list, bucket, entries }) => {
    const written = await compareAndSet(documents.buckets, bucketId(list, bucket), (stored) => {
      const merged = mergeBucket(stored?.entries ?? [], entries);
      return merged && { entries: merged };
    });
    counted.set(list, [...(counted.get(list) ?? []), { bucket, cases: written!.entries.filter(({ live }) => live).length, version: written!.version }]);
  });
  await inParallel([...counted], async ([list, counts]) => {
    await compareAndSet(documents.lists, listHeadId(list), (stored) => {
      const merged = mergeCounts(stored?.counts ?? [], counts);
      return merged && { counts: merged };
    });
  });
  return events.at(-1)!.globalPosition;
}
