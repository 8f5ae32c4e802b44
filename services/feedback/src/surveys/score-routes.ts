import { caseChannels, isoDateSchema } from '@ctp/contracts';
import { activeCollection, countDayByDay, daysFrom, findByIds, findDayByDay } from '@ctp/projections';
import { followedHead, readYourWritesQuery, route, type ReadYourWrites } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import type { Db } from 'mongodb';
import { z } from 'zod';
import { addSums, noSums, scoresOf, type ScoreSums } from '../domain/surveys/scores.js';
import type { SegmentSums } from '../domain/surveys/score-days.js';
import type { InvitationDocument } from './score-projection.js';
import { scoreDocuments, scoreMonthId, scoresHeadId, segmentsOf } from './score-follower.js';

export interface ScoreReads {
  readonly db: Db;
  readonly projectionName: string;
  readonly readYourWrites: ReadYourWrites;
  /** How long `minPosition` waits for the score days' follower (READ_WAIT_TIMEOUT_MS). */
  readonly readWaitMs?: number;
}

type Period = { from: string; to: string; tier?: string | undefined; channel?: string | undefined; kind?: string | undefined; minPosition?: string | undefined };

/** The period's segments from the months the score follower keeps (by `_id`), or null until it has caught up: the read model answers then. */
async function segmentsFromMonths(db: Db, query: Period, timeoutMs: number) {
  const { head, months } = scoreDocuments(db);
  const readHead = () => head.findOne({ _id: scoresHeadId });
  const days = daysFrom(query.from, query.to);
  const readMonths = () => findByIds(months, [...new Set(days.map((day) => scoreMonthId(day.slice(0, 7))))]);
  // Without minPosition the head and the months are read at once (the months unused until the follower has caught up).
  const [followed, read] = await Promise.all([readHead(), query.minPosition === undefined ? readMonths() : null]);
  if (followed?.caughtUp !== true) return null;
  if (query.minPosition !== undefined) await followedHead({ name: scoresHeadId, read: readHead }, query.minPosition, timeoutMs);
  const stored = new Map((read ?? (await readMonths())).map((month) => [month.month, month]));
  const matches = (segment: SegmentSums) => (query.tier ?? segment.tier) === segment.tier && (query.channel ?? segment.channel) === segment.channel && (query.kind ?? segment.kind) === segment.kind;
  return days.flatMap((day) => segmentsOf(stored.get(day.slice(0, 7)) ?? null, day).filter(matches));
}

const maxDays = 400;

const querySchema = z
  .strictObject({
    from: isoDateSchema.describe('first business day of invitation'),
    to: isoDateSchema.describe('last business day, included'),
    tier: z.string().min(1).max(40).optional(),
    channel: z.enum(caseChannels).optional(),
    kind: z.enum(['transactional', 'relationship']).optional(),
    ...readYourWritesQuery,
  })
  .refine(({ from, to }) => from <= to, { message: 'to must not be before from', path: ['to'] })
  .refine(({ from, to }) => daysFrom(from, to).length <= maxDays, { message: `at most ${maxDays} days (a period is read day by day)`, path: ['to'] });

/** Before the follower has caught up: equalities day by day, each of which FerretDB 1.24 filters over every segment or invitation (slowly, but rightly). */
async function fromReadModel(reads: ScoreReads, query: Period) {
  await reads.readYourWrites(query.minPosition);
  const segment = { ...(query.tier ? { tier: query.tier } : {}), ...(query.channel ? { channel: query.channel } : {}), ...(query.kind ? { kind: query.kind } : {}) };
  const [segmentSums, invitations] = await Promise.all([
    activeCollection<ScoreSums & { _id: string; day: string }>(reads.db, reads.projectionName, 'segments'),
    activeCollection<InvitationDocument>(reads.db, reads.projectionName, 'invitations'),
  ]);
  const [segments, expired] = await Promise.all([findDayByDay(segmentSums, query.from, query.to, segment), countDayByDay(invitations, query.from, query.to, { ...segment, status: 'expired' })]);
  return { segments, expired };
}

export function surveyScoreRoutes(reads: ScoreReads) {
  return async (app: FastifyInstance) => {
    route(app, {
      method: 'GET', url: '/v1/surveys/scores', operationId: 'surveyScores', tags: ['surveys'],
      summary:
        'Scores of the invitations sent in a period (from the days the score follower keeps; the read model until it has caught up): CSAT = % of answers 4-5, NPS = % 9-10 - % 0-6, CES mean, dimension means, ' +
        'each with its sample size n, and the response rate with the invitations and responses it counts; expired: the invitations that expired unanswered',
      roles: ['analyst', 'admin'],
      query: querySchema,
      responses: { 200: { description: 'The scores', schema: z.record(z.string(), z.unknown()) } },
      handler: async ({ query }) => {
        const followed = await segmentsFromMonths(reads.db, query, reads.readWaitMs ?? 5_000);
        const { segments, expired } = followed ? { segments: followed, expired: followed.reduce((sum, segment) => sum + segment.expired, 0) } : await fromReadModel(reads, query);
        const sums = segments.map((segment) => ({ ...noSums, ...segment, dimensions: segment.dimensions ?? {} })).reduce(addSums, noSums);
        const { invitations: invited, ...scores } = scoresOf(sums);
        return { from: query.from, to: query.to, tier: query.tier ?? null, channel: query.channel ?? null, kind: query.kind ?? null, invitations: invited, expired, ...scores };
      },
    });
  };
}
