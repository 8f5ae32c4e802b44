import { findByIds } from '@ctp/projections';
import { listName } from '../domain/queue-lists.js';
import { chunksFor } from '../domain/queue-chunks.js';
import { queueItem, type QueueLine } from './queue-item.js';
import { casePlaceId, chunkId, listHeadId, queueHeadId, type QueueListDocuments } from './queue-lists-store.js';
import type { QueueQuery } from './queue-query.js';

/**
 * The list kept in queue order that answers the query, if one does: the whole queue's, or the one of its filters
 * (an agent, a team, one status, a tier, a channel or a type), per view.
 */
export function listOf(query: QueueQuery): string | null {
  const { status, tier, channel, type, agent, team } = query;
  // Several statuses would be several lists merged: the filter answers them.
  const filters = [status && (status.length === 1 ? `status:${status[0]}` : null), tier && `tier:${tier}`, channel && `channel:${channel}`, type && `type:${type}`];
  const scopes = [...filters, agent && `agent:${agent}`, team && `team:${team}`].filter((scope) => scope !== undefined);
  if (query.customerId || scopes.length > 1 || scopes[0] === null) return null;
  return listName(scopes[0] ?? 'all', query.view);
}

/** Whether the lists have followed the feed to its end once, and past `minPosition` if one is asked for. */
export async function listsAnswer(documents: QueueListDocuments, minPosition: string | undefined): Promise<boolean> {
  const head = await documents.head.findOne({ _id: queueHeadId });
  return head !== null && head.complete && (minPosition === undefined || BigInt(head.position) >= BigInt(minPosition));
}

/** Times a page is read again when the list changed between reading its head and its chunks. */
const readAttempts = 3;

/**
 * A page of a list: its head's chunk counts, the chunks holding the page and the page's cases' places, each read by
 * `_id`. Order and membership are the follower's as of the lists' head, each line as of the case's place (written
 * before its chunks, so a line can be a batch ahead of the order). A chunk gone or holding other than its head's
 * count was written between the two reads: the page is read again (the last attempt answers what it read).
 */
export async function listedQueuePage(documents: QueueListDocuments, list: string, offset: number, limit: number): Promise<{ total: number; lines: QueueLine[] }> {
  for (let attempt = 1; ; attempt += 1) {
    const head = await documents.lists.findOne({ _id: listHeadId(list) });
    const { total, chunks, before } = chunksFor(head?.chunks ?? [], offset, limit);
    const held = await Promise.all(chunks.map(({ id }) => documents.chunks.findOne({ _id: chunkId(list, id) })));
    const agrees = held.every((chunk, index) => chunk !== null && chunk.entries.length === chunks[index]!.cases);
    if (!agrees && attempt < readAttempts) continue;
    const page = held.flatMap((chunk) => chunk?.entries ?? []).slice(offset - before, offset - before + limit);
    const places = new Map((await findByIds(documents.places, page.map(({ caseId }) => casePlaceId(caseId)), { projection: { state: 1 } })).map((place) => [place._id, place.state]));
    return { total, lines: page.flatMap(({ caseId }) => {
      const state = places.get(casePlaceId(caseId));
      return state ? [queueItem(state)] : [];
    }) };
  }
}
