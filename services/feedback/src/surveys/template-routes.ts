import { surveyTemplateSchema } from '@ctp/contracts';
import { WrongExpectedRevisionError } from '@ctp/event-store';
import { commandRequest, ProblemError, problems, route } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { FeedbackDeps } from '../feedback-deps.js';
import { loadTemplateVersions, publishTemplate } from './template-stream.js';

const paramsSchema = z.object({ templateId: surveyTemplateSchema.shape.id });

const conflict = (templateId: string, latest: number) => {
  const message = `survey template ${templateId} is at version ${latest}: read it again and send expectedVersion ${latest}`;
  return new ProblemError(problems.CTP_CONFLICT, message, [{ path: 'body.expectedVersion', message }], { latestVersion: latest });
};

export function surveyTemplateRoutes(deps: FeedbackDeps) {
  return async (app: FastifyInstance) => {
    route(app, {
      method: 'GET', url: '/v1/survey-templates/:templateId', operationId: 'getSurveyTemplate', tags: ['surveys'],
      summary: 'A version of a survey template (the latest unless `version` is given) and the list of its versions',
      roles: ['agent', 'analyst', 'auditor', 'admin', 'integrator'],
      params: paramsSchema,
      query: z.object({ version: z.coerce.number().int().min(1).optional() }),
      responses: { 200: { description: 'The version', schema: z.object({ template: z.record(z.string(), z.unknown()), publishedAt: z.string(), position: z.string(), versions: z.array(z.int()) }) }, 404: { description: 'No such template or version' } },
      handler: async ({ params, query }) => {
        const versions = await loadTemplateVersions(deps.store, params.templateId);
        const chosen = query.version === undefined ? versions.at(-1) : versions[query.version - 1];
        if (!chosen) throw new ProblemError(problems.CTP_NOT_FOUND, `survey template ${params.templateId} has no ${query.version === undefined ? 'version yet' : `version ${query.version}`}`);
        return { ...chosen, versions: versions.map(({ template }) => template.version) };
      },
    });

    route(app, {
      method: 'PUT', url: '/v1/survey-templates/:templateId', operationId: 'publishSurveyTemplate', tags: ['surveys'],
      summary: 'Publish the next version of a survey template; invitations already sent keep the version they recorded',
      roles: ['admin'],
      params: paramsSchema,
      body: z.strictObject({
        template: surveyTemplateSchema.pick({ kind: true, title: true, questions: true }),
        expectedVersion: z.int().min(0).describe('the latest version you read (0 for a new template); a stale one is a 409'),
      }),
      responses: { 201: { description: 'Published', schema: z.object({ templateId: z.string(), version: z.int(), position: z.string() }) }, 409: { description: 'expectedVersion is not the latest' } },
      handler: async ({ params, body, request, reply }) => {
        const latest = (await loadTemplateVersions(deps.store, params.templateId)).length;
        if (body.expectedVersion !== latest) throw conflict(params.templateId, latest);
        const { context, now } = commandRequest(deps, request);
        const template = { id: params.templateId, version: latest + 1, ...body.template };
        try {
          const { position } = await publishTemplate(deps.store, template, { actor: context.actor, correlationId: context.correlationId, occurredAt: now });
          return reply.code(201).send({ templateId: template.id, version: template.version, position });
        } catch (error) {
          if (!(error instanceof WrongExpectedRevisionError)) throw error;
          throw conflict(params.templateId, (await loadTemplateVersions(deps.store, params.templateId)).length);
        }
      },
    });
  };
}
