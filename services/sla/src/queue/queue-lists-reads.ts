import { listName } from '../domain/queue-lists.js';
import { bucketsFor } from '../domain/queue-pages.js';
import type { QueueLine } from './queue-item.js';
import { bucketId, listHeadId, queueHeadId, type QueueListDocuments } from './queue-lists-store.js';
import type { QueueQuery } from './queue-query.js';

/** The list kept in queue order that answers the query, if one does: the whole queue's or an agent's or team's, per view. */
export function listOf(query: QueueQuery): string | null {
  if (query.status || query.tier || query.channel || query.type || query.customerId || (query.team && query.agent)) return null;
  const scope = query.agent ? `agent:${query.agent}` : query.team ? `team:${query.team}` : 'all';
  return listName(scope, query.view);
}

/** Whether the lists have followed the feed to its end once, and past `minPosition` if one is asked for. */
export async function listsAnswer(documents: QueueListDocuments, minPosition: string | undefined): Promise<boolean> {
  const head = await documents.head.findOne({ _id: queueHeadId });
  return head !== null && head.complete && (minPosition === undefined || BigInt(head.position) >= BigInt(minPosition));
}

/**
 * A page of a list: its head's bucket counts and the buckets holding the page, each read by `_id`. Order, membership
 * and each case's line are the follower's, as of the lists' head.
 */
export async function listedQueuePage(documents: QueueListDocuments, list: string, offset: number, limit: number): Promise<{ total: number; lines: QueueLine[] }> {
  const head = await documents.lists.findOne({ _id: listHeadId(list) });
  const { total, buckets, before } = bucketsFor(head?.counts ?? [], offset, limit);
  const held = await Promise.all(buckets.map((bucket) => documents.buckets.findOne({ _id: bucketId(list, bucket) })));
  const page = held.flatMap((bucket) => bucket?.entries.filter(({ live }) => live) ?? []).slice(offset - before, offset - before + limit);
  return { total, lines: page.flatMap(({ line }) => (line ? [line] : [])) };
}
