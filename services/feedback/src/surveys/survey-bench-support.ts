import type { RecordedEvent } from '@ctp/contracts';
import type { Db } from 'mongodb';
import { streamsInHand } from '../lists/paged-lists.js';
import { fileFollowUps, followUpListDocuments } from './follow-up-follower.js';
import { fileScores, scoreDocuments } from './score-follower.js';

/**
 * The follow-up lists and the score days from survey events in hand (the reads benchmark's, never appended to a
 * store), filed by the followers' own code as one batch each, and their heads written as caught up (the batch is the
 * whole feed): the followers carry on after them.
 */
export async function fileSurveyFollowers(db: Db, events: readonly RecordedEvent[], timeZone: string, now: Date): Promise<void> {
  const followUps = followUpListDocuments(db);
  const followUpsHead = await fileFollowUps(followUps, events, null, streamsInHand(events), now);
  await followUps.head.replaceOne({ _id: followUpsHead._id }, { ...followUpsHead, caughtUp: true }, { upsert: true });
  const scores = scoreDocuments(db);
  const scoresHead = await fileScores(scores, events, null, streamsInHand(events), timeZone, now);
  await scores.head.replaceOne({ _id: scoresHead._id }, { ...scoresHead, caughtUp: true }, { upsert: true });
}
