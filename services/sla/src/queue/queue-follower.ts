import type { EventStore } from '@ctp/event-store';
import { feedFollower, type BackgroundWork, type FeedFollowerDeps } from '@ctp/service-kit';
import { fileQueueBatch, queueHeadId, queueListDocuments, type QueueHead, type QueueListDocuments } from './queue-lists-store.js';


/** Events per batch read from the feed. */
export const queueBatchSize = 1_000;

/** Files a batch, then answers the head: `complete` once a batch reached what was the store's head. */
export async function queueHeadAfter(documents: QueueListDocuments, history: Pick<EventStore, 'headPosition'>, events: Parameters<typeof fileQueueBatch>[1], head: QueueHead | null, now: Date): Promise<QueueHead> {
  const position = await fileQueueBatch(documents, events);
  const complete = head?.complete === true || BigInt(position) >= BigInt((await history.headPosition()) ?? '0');
  return { _id: queueHeadId, position, followedAt: now, complete };
}

/**
 * Keeps the queue's lists (the whole queue's and each agent's and team's, per view) in due order as the case events
 * arrive: a follower of the store's global feed, one process at a time (a lease), every document written by compare
 * and set, so each event moves its case once whatever crashes, redeliveries or other processes do.
 */
export function queueFollower(deps: FeedFollowerDeps): BackgroundWork {
  const documents = queueListDocuments(deps.db);
  return feedFollower({
    name: 'queue lists',
    ...deps,
    leaseName: `ctp-sla-queue-lists:${deps.schema}`,
    heads: documents.head,
    headId: queueHeadId,
    maxBatchSize: queueBatchSize,
    handler: () => (events, head) => queueHeadAfter(documents, deps.history, events, head, deps.clock()),
  });
}
