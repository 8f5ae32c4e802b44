import type { RecordedEvent } from '@ctp/contracts';
import type { Db } from 'mongodb';
import { streamsInHand } from '../lists/paged-lists.js';
import { fileFollowUps, followUpListDocuments } from './follow-up-follower.js';

/**
 * The follow-up lists from survey events in hand (the reads benchmark's, never appended to a store), filed by the
 * follower's own code as one batch, and its head written as caught up (the batch is the whole feed): the follower carries on after it.
 */
export async function fileFollowUpLists(db: Db, events: readonly RecordedEvent[], now: Date): Promise<void> {
  const documents = followUpListDocuments(db);
  const head = await fileFollowUps(documents, events, null, streamsInHand(events), now);
  await documents.head.replaceOne({ _id: head._id }, { ...head, caughtUp: true }, { upsert: true });
}
