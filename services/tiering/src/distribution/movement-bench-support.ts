import type { RecordedEvent } from '@ctp/contracts';
import type { Db } from 'mongodb';
import { fileMoves, followerBatchSize, movementDocuments } from './tier-movement-follower.js';

/**
 * For the reads benchmark: tier events filed into the month and day documents by the tier movement follower's own code, in
 * batches of its size, as if read from the feed. The head is left to the running service's follower.
 */
export async function fileTierMovements(db: Db, events: readonly RecordedEvent[]): Promise<void> {
  const documents = movementDocuments(db);
  for (let first = 0; first < events.length; first += followerBatchSize) await fileMoves(documents, events.slice(first, first + followerBatchSize));
}

/** For the movements probe: the route's read, in-process. */
export { tierMovements } from './movement-reads.js';
