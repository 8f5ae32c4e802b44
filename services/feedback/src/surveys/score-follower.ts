import { isoDateIn } from '@ctp/calendar';
import { compareGlobalPositions, decoderFor, type GlobalPosition, type RecordedEvent } from '@ctp/contracts';
import { feedFollower, writeAtPosition, type BackgroundWork, type FeedFollowerDeps } from '@ctp/service-kit';
import type { Db } from 'mongodb';
import { addToSegments, scoreTallyOf, type Segment, type SegmentSums } from '../domain/surveys/score-days.js';
import type { ScoreSums } from '../domain/surveys/scores.js';
import type { StreamsOf } from '../lists/paged-lists.js';

/**
 * One collection, read by `_id` only: the head (`scores-v2`, how far the feed was followed) and one document per month
 * of invitation (`scores-v2:2026-06`) holding each business day's segment sums as one JSON string, guarded by one
 * position instead of a lane per invitation stream (which made the read model's documents grow with every invitation).
 * A month is one read: FerretDB 1.24 decodes a document element by element, and a string is one element (30 day
 * documents of nested segments took 60-80 ms a month). A new rule or shape gets new ids and follows the feed again.
 */
export const scoreDaysCollection = 'surveyScoreDays';
export const scoresHeadId = 'scores-v2';
export const scoreMonthId = (month: string) => `${scoresHeadId}:${month}`;

export interface ScoresHead {
  readonly _id: string;
  readonly position: GlobalPosition;
  readonly followedAt: Date;
  /** Set once a batch came shorter than a full one: the follower had reached the feed's end, and its days count every invitation. */
  readonly caughtUp: boolean;
}

export interface ScoreMonth {
  readonly _id: string;
  readonly position: GlobalPosition;
  readonly month: string;
  /** Each business day of the month with any invitation: its segments as JSON, each a tuple (`StoredSegment`). */
  readonly days: Readonly<Record<string, string>>;
}

/** A segment stored without its field names, which made up most of a month's string (4 times shorter). */
type StoredSegment = [kind: string, tier: string | null, channel: string | null, expired: number, invited: number, responded: number, csatN: number, csatTop: number, npsN: number, promoters: number, detractors: number, cesN: number, cesSum: number, dimensions: ScoreSums['dimensions']];

const storedSegments = (segments: readonly SegmentSums[]): string =>
  JSON.stringify(segments.map((s): StoredSegment => [s.kind, s.tier, s.channel, s.expired, s.invited, s.responded, s.csatN, s.csatTop, s.npsN, s.promoters, s.detractors, s.cesN, s.cesSum, s.dimensions]));

export function segmentsOf(month: ScoreMonth | null, day: string): SegmentSums[] {
  const stored = month?.days[day];
  if (stored === undefined) return [];
  return (JSON.parse(stored) as StoredSegment[]).map(([kind, tier, channel, expired, invited, responded, csatN, csatTop, npsN, promoters, detractors, cesN, cesSum, dimensions]) => (
    { kind, tier, channel, expired, invited, responded, csatN, csatTop, npsN, promoters, detractors, cesN, cesSum, dimensions }
  ));
}

export function scoreDocuments(db: Db) {
  return { head: db.collection<ScoresHead>(scoreDaysCollection), months: db.collection<ScoreMonth>(scoreDaysCollection) };
}
export type ScoreDocuments = ReturnType<typeof scoreDocuments>;

const surveyEvent = decoderFor('survey');
const counting = new Set(['SurveyInvited', 'SurveyAnswered', 'SurveyExpired']);
const parallelMonths = 8;
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

type Tally = NonNullable<ReturnType<typeof scoreTallyOf>>;

/** A batch's invitations, answers and expiries added to their days' months; answers the head to write after them. */
export async function fileScores(documents: ScoreDocuments, events: readonly RecordedEvent[], head: ScoresHead | null, streamsOf: StreamsOf, timeZone: string, now: Date): Promise<ScoresHead> {
  const position = events.at(-1)!.globalPosition;
  const segments = await expiredSegments(events, streamsOf);
  const byMonth = new Map<string, { position: GlobalPosition; day: string; tally: Tally }[]>();
  for (const raw of events) {
    if (!raw.streamId.startsWith('survey-') || !counting.has(raw.type)) continue;
    const tally = scoreTallyOf(surveyEvent(raw), () => segments.get(raw.streamId) ?? null);
    if (tally === null) continue;
    const day = isoDateIn(Date.parse(tally.invitedAt), timeZone);
    const month = day.slice(0, 7);
    (byMonth.get(month) ?? byMonth.set(month, []).get(month)!).push({ position: raw.globalPosition, day, tally });
  }
  const months = [...byMonth];
  for (let first = 0; first < months.length; first += parallelMonths) {
    await Promise.all(months.slice(first, first + parallelMonths).map(async ([month, tallies]) => {
      const stored = await documents.months.findOne({ _id: scoreMonthId(month) });
      const fresh = tallies.filter((counted) => stored === null || compareGlobalPositions(counted.position, stored.position) > 0);
      if (fresh.length === 0) return;
      const days = { ...stored?.days };
      for (const day of new Set(fresh.map((counted) => counted.day))) {
        days[day] = storedSegments(addToSegments(segmentsOf(stored, day), fresh.filter((counted) => counted.day === day).map(({ tally }) => tally)));
      }
      await writeAtPosition(documents.months, stored, { _id: scoreMonthId(month), position, month, days }, `the survey scores of ${month}`);
    }));
  }
  return { _id: scoresHeadId, position, followedAt: now, caughtUp: head?.caughtUp === true || events.length < batchSize };
}

/**
 * Follows the store's global feed and adds each invitation, answer and expiry to its business day in its month's document, written
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
