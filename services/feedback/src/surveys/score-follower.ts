import { isoDateIn } from '@ctp/calendar';
import { compareGlobalPositions, decoderFor, type GlobalPosition, type RecordedEvent } from '@ctp/contracts';
import { feedFollower, writeAtPosition, type BackgroundWork, type FeedFollowerDeps } from '@ctp/service-kit';
import type { Db } from 'mongodb';
import { addToSegments, scoreTallyOf, type Segment, type SegmentSums } from '../domain/surveys/score-days.js';
import type { StreamsOf } from '../lists/paged-lists.js';

/**
 * One collection, read by `_id` only: the head (`scores-v1`, how far the feed was followed) and one document per
 * business day of invitation (`scores-v1:2026-06-01`) with its segments' sums, guarded by one position instead of a
 * lane per invitation stream (which made the read model's documents grow with every invitation). A new rule gets new ids.
 */
export const scoreDaysCollection = 'surveyScoreDays';
export const scoresHeadId = 'scores-v1';
export const scoreDayId = (day: string) => `${scoresHeadId}:${day}`;

export interface ScoresHead {
  readonly _id: string;
  readonly position: GlobalPosition;
  readonly followedAt: Date;
  /** Set once a batch came shorter than a full one: the follower had reached the feed's end, and its days count every invitation. */
  readonly caughtUp: boolean;
}

export interface ScoreDay {
  readonly _id: string;
  readonly position: GlobalPosition;
  readonly day: string;
  readonly segments: readonly SegmentSums[];
}

export function scoreDocuments(db: Db) {
  return { head: db.collection<ScoresHead>(scoreDaysCollection), days: db.collection<ScoreDay>(scoreDaysCollection) };
}
export type ScoreDocuments = ReturnType<typeof scoreDocuments>;

const surveyEvent = decoderFor('survey');
const counting = new Set(['SurveyInvited', 'SurveyAnswered', 'SurveyExpired']);
const parallelDays = 8;
const batchSize = 1_000;

/** The segment of each expired invitation of the batch, from its stream's SurveyInvited. */
async function expiredSegments(events: readonly RecordedEvent[], streamsOf: StreamsOf): Promise<Map<string, Segment>> {
  const expired = events.filter((event) => event.type === 'SurveyExpired').map((event) => event.streamId);
  const segments = new Map<string, Segment>();
  if (expired.length === 0) return segments;
  for (const [streamId, stream] of await streamsOf([...new Set(expired)])) {
    const raw = stream.find((event) => event.type === 'SurveyInvited');
    const invited = raw && surveyEvent(raw);
    if (invited?.type === 'SurveyInvited') segments.set(streamId, { kind: invited.data.kind, tier: invited.data.tier, channel: invited.data.channel });
  }
  return segments;
}

/** A batch's invitations, answers and expiries added to their days; answers the head to write after them. */
export async function fileScores(documents: ScoreDocuments, events: readonly RecordedEvent[], head: ScoresHead | null, streamsOf: StreamsOf, timeZone: string, now: Date): Promise<ScoresHead> {
  const position = events.at(-1)!.globalPosition;
  const segments = await expiredSegments(events, streamsOf);
  const byDay = new Map<string, { position: GlobalPosition; tally: NonNullable<ReturnType<typeof scoreTallyOf>> }[]>();
  for (const raw of events) {
    if (!raw.streamId.startsWith('survey-') || !counting.has(raw.type)) continue;
    const tally = scoreTallyOf(surveyEvent(raw), () => segments.get(raw.streamId) ?? null);
    if (tally === null) continue;
    const day = isoDateIn(Date.parse(tally.invitedAt), timeZone);
    (byDay.get(day) ?? byDay.set(day, []).get(day)!).push({ position: raw.globalPosition, tally });
  }
  const days = [...byDay];
  for (let first = 0; first < days.length; first += parallelDays) {
    await Promise.all(days.slice(first, first + parallelDays).map(async ([day, tallies]) => {
      const stored = await documents.days.findOne({ _id: scoreDayId(day) });
      const fresh = tallies.filter((counted) => stored === null || compareGlobalPositions(counted.position, stored.position) > 0).map(({ tally }) => tally);
      if (fresh.length === 0) return;
      await writeAtPosition(documents.days, stored, { _id: scoreDayId(day), position, day, segments: addToSegments(stored?.segments ?? [], fresh) }, `the survey scores of ${day}`);
    }));
  }
  return { _id: scoresHeadId, position, followedAt: now, caughtUp: head?.caughtUp === true || events.length < batchSize };
}

/**
 * Follows the store's global feed and adds each invitation, answer and expiry to its business day's document, written
 * only if its position is the one read (compare and set) and skipping events at or before it, so a batch read again in
 * other boundaries counts nothing twice. One process follows at a time (a lease), as the contact coverage follower does.
 */
export function scoreFollower(deps: FeedFollowerDeps & { timeZone: string }): BackgroundWork {
  const documents = scoreDocuments(deps.db);
  return feedFollower({
    name: 'survey score days',
    ...deps,
    leaseName: `ctp-survey-score-days:${deps.schema}`,
    heads: documents.head,
    headId: scoresHeadId,
    maxBatchSize: batchSize,
    handler: () => (events, head) => fileScores(documents, events, head, (ids) => deps.history.readStreams(ids), deps.timeZone, deps.clock()),
  });
}
