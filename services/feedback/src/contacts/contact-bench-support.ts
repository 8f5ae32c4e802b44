import type { RecordedEvent } from '@ctp/contracts';
import type { Db } from 'mongodb';
import { streamsInHand } from '../lists/paged-lists.js';
import { coverageDocuments, fileCoverage } from './coverage-follower.js';
import { fileOverdue, overdueDocuments } from './overdue-follower.js';

/**
 * The overdue lists and the coverage days from contact events in hand (the reads benchmark's, never appended to a
 * store), filed by the followers' own code as one batch each, and their heads written: the followers carry on after them.
 */
export async function fileContactFollowers(db: Db, events: readonly RecordedEvent[], now: Date): Promise<void> {
  const overdue = overdueDocuments(db);
  const overdueHead = await fileOverdue(overdue, events, null, streamsInHand(events), now);
  await overdue.head.replaceOne({ _id: overdueHead._id }, overdueHead, { upsert: true });
  const coverage = coverageDocuments(db);
  const coverageHead = await fileCoverage(coverage, events, now);
  await coverage.head.replaceOne({ _id: coverageHead._id }, coverageHead, { upsert: true });
}
