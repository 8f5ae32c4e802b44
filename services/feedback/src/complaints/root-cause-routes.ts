import { rootCauseCodeSchema } from '@ctp/contracts';
import { commandRequest, ProblemError, problems, route } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { FeedbackDeps } from '../feedback-deps.js';
import { asProblem } from './problems.js';
import { latestTaxonomy, publishTaxonomy } from './root-cause-stream.js';

const causesSchema = z
  .strictObject({
    causes: z.array(z.strictObject({ code: rootCauseCodeSchema, label: z.string().min(1).max(100) })).min(1).max(50),
    expectedVersion: z.int().min(0).optional().describe('the version this one replaces (0: none yet); another version published since is a 409'),
  })
  .refine(({ causes }) => new Set(causes.map(({ code }) => code)).size === causes.length, { message: 'each code once', path: ['causes'] });

const taxonomySchema = z.object({ taxonomyId: z.string(), version: z.int(), causes: z.array(z.object({ code: z.string(), label: z.string() })), publishedAt: z.string(), position: z.string() });

/** The versioned root-cause taxonomy: read by everyone who classifies complaints, replaced by an admin. */
export function rootCauseRoutes(deps: FeedbackDeps) {
  return async (app: FastifyInstance) => {
    route(app, {
      method: 'GET', url: '/v1/root-causes', operationId: 'getRootCauses', tags: ['complaints'],
      summary: 'The latest version of the complaint root-cause taxonomy (docs/feedback.md "Complaints and root causes")',
      roles: ['agent', 'analyst', 'admin', 'auditor'],
      responses: { 200: { description: 'The taxonomy in force', schema: taxonomySchema }, 404: { description: 'None published yet' } },
      handler: async () => {
        const taxonomy = await latestTaxonomy(deps.history);
        if (!taxonomy) throw new ProblemError(problems.CTP_NOT_FOUND, 'no root-cause taxonomy is published yet');
        return taxonomy;
      },
    });
    route(app, {
      method: 'PUT', url: '/v1/root-causes', operationId: 'publishRootCauses', tags: ['complaints'],
      summary: 'Publish the next version of the root-cause taxonomy; complaints classified before keep the version they named',
      roles: ['admin'],
      body: causesSchema,
      responses: { 200: { description: 'The version published and its global position', schema: z.object({ version: z.int(), position: z.string() }) }, 409: { description: 'Another version was published meanwhile' } },
      handler: async ({ body, request }) => {
        const asking = commandRequest(deps, request);
        const latest = await latestTaxonomy(deps.history);
        if (body.expectedVersion !== undefined && body.expectedVersion !== (latest?.version ?? 0)) throw new ProblemError(problems.CTP_CONFLICT, `version ${latest?.version ?? 0} is the latest, not ${body.expectedVersion}`);
        const { actor, correlationId, causationId, occurredAt } = asking.context;
        const { taxonomy, position } = await asProblem(() => publishTaxonomy(deps.store, latest, body.causes, { actor, correlationId, causationId, occurredAt }));
        return { version: taxonomy.version, position };
      },
    });
  };
}
