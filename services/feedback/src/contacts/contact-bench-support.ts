import type { RecordedEvent } from '@ctp/contracts';
import type { Db } from 'mongodb';
import { fileOverdue, overdueDocuments } from './overdue-follower.js';

/**
 * The overdue lists from contact events in hand (the reads benchmark's, never appended to a store), filed by the
 * overdue follower's own code as one batch, and its head written: the follower then carries on after them.
 */
export async function fileOverdueLists(db: Db, events: readonly RecordedEvent[], now: Date): Promise<void> {
  const streams = new Map<string, RecordedEvent[]>();
  for (const event of events) (streams.get(event.streamId) ?? streams.set(event.streamId, []).get(event.streamId)!).push(event);
  const documents = overdueDocuments(db);
  const head = await fileOverdue(documents, events, null, async (ids) => new Map(ids.map((id) => [id, streams.get(id) ?? []])), now);
  await documents.head.replaceOne({ _id: head._id }, head, { upsert: true });
}
