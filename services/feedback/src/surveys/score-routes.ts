import { caseChannels, isoDateSchema } from '@ctp/contracts';
import { activeCollection, countDayByDay, daysFrom, findDayByDay } from '@ctp/projections';
import { readYourWritesQuery, route, type ReadYourWrites } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import type { Db } from 'mongodb';
import { z } from 'zod';
import { addSums, noSums, scoresOf, type ScoreSums } from '../domain/surveys/scores.js';
import type { InvitationDocument } from './score-projection.js';

export interface ScoreReads {
  readonly db: Db;
  readonly projectionName: string;
  readonly readYourWrites: ReadYourWrites;
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

export function surveyScoreRoutes(reads: ScoreReads) {
  return async (app: FastifyInstance) => {
    route(app, {
      method: 'GET', url: '/v1/surveys/scores', operationId: 'surveyScores', tags: ['surveys'],
      summary:
        'Scores of the invitations sent in a period (read model): CSAT = % of answers 4-5, NPS = % 9-10 - % 0-6, CES mean, dimension means, ' +
        'each with its sample size n, and the response rate with the invitations and responses it counts; expired: the invitations that expired unanswered',
      roles: ['analyst', 'admin'],
      query: querySchema,
      responses: { 200: { description: 'The scores', schema: z.record(z.string(), z.unknown()) } },
      handler: async ({ query }) => {
        await reads.readYourWrites(query.minPosition);
        // Equalities only, read day by day: FerretDB 1.24 hands them to PostgreSQL, and filters a range on day itself over every document.
        const segment = { ...(query.tier ? { tier: query.tier } : {}), ...(query.channel ? { channel: query.channel } : {}), ...(query.kind ? { kind: query.kind } : {}) };
        const [segmentSums, invitations] = await Promise.all([
          activeCollection<ScoreSums & { _id: string; day: string }>(reads.db, reads.projectionName, 'segments'),
          activeCollection<InvitationDocument>(reads.db, reads.projectionName, 'invitations'),
        ]);
        const [segments, expired] = await Promise.all([findDayByDay(segmentSums, query.from, query.to, segment), countDayByDay(invitations, query.from, query.to, { ...segment, status: 'expired' })]);
        const sums = segments.map((segment) => ({ ...noSums, ...segment, dimensions: segment.dimensions ?? {} })).reduce(addSums, noSums);
        const { invitations: invited, ...scores } = scoresOf(sums);
        return { from: query.from, to: query.to, tier: query.tier ?? null, channel: query.channel ?? null, kind: query.kind ?? null, invitations: invited, expired, ...scores };
      },
    });
  };
}
