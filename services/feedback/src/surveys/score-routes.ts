import { caseChannels, isoDateSchema } from '@ctp/contracts';
import { activeCollection } from '@ctp/projections';
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

const querySchema = z
  .strictObject({
    from: isoDateSchema.describe('first business day of invitation'),
    to: isoDateSchema.describe('last business day, included'),
    tier: z.string().min(1).max(40).optional(),
    channel: z.enum(caseChannels).optional(),
    kind: z.enum(['transactional', 'relationship']).optional(),
    ...readYourWritesQuery,
  })
  .refine(({ from, to }) => from <= to, { message: 'to must not be before from', path: ['to'] });

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
        const filter = { day: { $gte: query.from, $lte: query.to }, ...(query.tier ? { tier: query.tier } : {}), ...(query.channel ? { channel: query.channel } : {}), ...(query.kind ? { kind: query.kind } : {}) };
        const invitations = await activeCollection<InvitationDocument>(reads.db, reads.projectionName, 'invitations');
        const [segments, expired] = await Promise.all([
          (await activeCollection<ScoreSums & { _id: string }>(reads.db, reads.projectionName, 'segments')).find(filter).toArray(),
          invitations.countDocuments({ ...filter, status: 'expired' }),
        ]);
        const sums = segments.map((segment) => ({ ...noSums, ...segment, dimensions: segment.dimensions ?? {} })).reduce(addSums, noSums);
        const { invitations: invited, ...scores } = scoresOf(sums);
        return { from: query.from, to: query.to, tier: query.tier ?? null, channel: query.channel ?? null, kind: query.kind ?? null, invitations: invited, expired, ...scores };
      },
    });
  };
}
