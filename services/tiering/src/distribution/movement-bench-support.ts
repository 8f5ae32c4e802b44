import type { RecordedEvent } from '@ctp/contracts';
import type { Db } from 'mongodb';
import { fileDays, followerBatchSize, movementDocuments } from './tier-movement-follower.js';

/**
 * For the reads benchmark: tier events filed into the day documents by the tier movement follower's own code, in
 * batches of its size, as if read from the feed. The head is left to the running service's follower.
 */
export async function fileTierMovements(db: Db, events: readonly RecordedEvent[]): Promise<void> {
  const documents = movementDocuments(db);
  for (let first = 0; first < events.length; first += followerBatchSize) await fileDays(documents, events.slice(first, first + followerBatchSize));
}
