import { globalPositionSchema } from '@ctp/contracts';
import { commandRequest, type ReadYourWrites, route } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import type { Db } from 'mongodb';
import { z } from 'zod';
import { drawRelationshipSample } from './draw-sample.js';
import type { SurveyDeps } from './survey-deps.js';

export interface PopulationReads {
  readonly db: Db;
  readonly readYourWrites: ReadYourWrites;
}

/** The plans' minimum: at least 0.5 % of last year's customers. */
const minimumRate = 0.005;

const stratumSchema = z.object({ tier: z.string().nullable(), active: z.int(), quota: z.int(), invited: z.int(), ineligible: z.int() });

export function surveySampleRoutes(deps: SurveyDeps, reads: PopulationReads) {
  return async (app: FastifyInstance) => {
    route(app, {
      method: 'POST', url: '/v1/surveys/samples', operationId: 'drawSurveySample', tags: ['surveys'],
      summary:
        'Draw a relationship NPS sample: at least `rate` (>= 0.5 %) of last year’s active customers (a purchase in the 12 months before now), stratified by tier ' +
        '(ceil(rate x active) per tier), reproducible from `seed`; customers without survey consent or within the cooldown are passed over; each drawn customer is invited',
      roles: ['admin', 'analyst'],
      body: z.strictObject({
        seed: z.string().min(1).max(100).describe('the same seed on the same population draws the same customers; a seed drawn before answers its sample again'),
        rate: z.number().min(minimumRate).max(1).default(minimumRate),
        minPosition: globalPositionSchema.optional().describe('wait for the population read model to pass this position first'),
      }),
      responses: {
        201: {
          description: 'Drawn',
          schema: z.object({ sampleId: z.string(), strata: z.array(stratumSchema), invitationIds: z.array(z.string()).nullable().describe('null when the seed was drawn before'), position: z.string() }),
        },
      },
      handler: async ({ body, request, reply }) => {
        await reads.readYourWrites(body.minPosition);
        const { by, context } = commandRequest(deps, request);
        return reply.code(201).send(await drawRelationshipSample(deps, reads.db, body.seed, body.rate, by, context));
      },
    });
  };
}
