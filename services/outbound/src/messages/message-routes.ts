import { customerMessageKinds, decoderFor, entityIdSchema, messageTemplateTextsSchema, streamIdFor } from '@ctp/contracts';
import { WrongExpectedRevisionError } from '@ctp/event-store';
import { commandRequest, ProblemError, problems, route } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { placeholdersOf, templateProblems } from '../domain/messages/templates.js';
import type { MessageDeps } from './message-deps.js';
import { loadTemplateVersions, publishTemplateVersion } from './template-stream.js';

const kindParams = z.object({ kind: z.enum(customerMessageKinds) });
const versionView = z.object({ kind: z.enum(customerMessageKinds), version: z.int(), texts: messageTemplateTextsSchema, publishedAt: z.string() });
const messageEvent = decoderFor('message');

const conflict = (kind: string, latest: number) => {
  const message = `the ${kind} template is at version ${latest}: read it again and send expectedVersion ${latest}`;
  return new ProblemError(problems.CTP_CONFLICT, message, [{ path: 'body.expectedVersion', message }], { latestVersion: latest });
};

/** Versioned wording of customer messages (admin), and the messages a customer was sent or spared. */
export function messageRoutes(deps: Pick<MessageDeps, 'store' | 'clock'>) {
  return async (app: FastifyInstance) => {
    route(app, {
      method: 'GET', url: '/v1/message-templates/:kind', operationId: 'getMessageTemplate', tags: ['messages'],
      summary: 'A version of a customer message template (the latest unless `version` is given), its placeholders and the list of versions',
      roles: ['admin', 'agent', 'analyst', 'auditor'],
      params: kindParams,
      query: z.object({ version: z.coerce.number().int().min(1).max(1_000_000).optional() }),
      responses: { 200: { description: 'The version', schema: versionView.extend({ placeholders: z.array(z.string()), versions: z.array(z.int()) }) }, 404: { description: 'No such version' } },
      handler: async ({ params, query }) => {
        const versions = await loadTemplateVersions(deps.store, params.kind);
        const chosen = query.version === undefined ? versions.at(-1) : versions[query.version - 1];
        if (!chosen) throw new ProblemError(problems.CTP_NOT_FOUND, `the ${params.kind} template has no ${query.version === undefined ? 'version yet' : `version ${query.version}`}`);
        return { ...chosen, placeholders: placeholdersOf(params.kind).map((name) => `{{${name}}}`), versions: versions.map(({ version }) => version) };
      },
    });

    route(app, {
      method: 'PUT', url: '/v1/message-templates/:kind', operationId: 'publishMessageTemplate', tags: ['messages'],
      summary: 'Publish the next version of a customer message template, in every locale (zh-CN, en); messages from then on record it',
      roles: ['admin'],
      params: kindParams,
      body: z.strictObject({
        texts: messageTemplateTextsSchema,
        expectedVersion: z.int().min(0).max(1_000_000).describe('the latest version you read; a stale one is a 409'),
      }),
      responses: { 201: { description: 'Published', schema: z.object({ kind: z.string(), version: z.int(), position: z.string() }) }, 409: { description: 'expectedVersion is not the latest' } },
      handler: async ({ params, body, request, reply }) => {
        const refused = templateProblems(params.kind, body.texts);
        if (refused.length > 0) throw new ProblemError(problems.CTP_VALIDATION_FAILED, `${refused.length} problem(s) in the request`, refused.map(({ path, message }) => ({ path: `body.${path}`, message })));
        const latest = (await loadTemplateVersions(deps.store, params.kind)).length;
        if (body.expectedVersion !== latest) throw conflict(params.kind, latest);
        const { context, now, by } = commandRequest(deps, request);
        try {
          const published = await publishTemplateVersion(deps.store, { kind: params.kind, latest, texts: body.texts, at: now, by, actor: context.actor, correlationId: context.correlationId });
          return reply.code(201).send({ kind: params.kind, ...published });
        } catch (error) {
          if (!(error instanceof WrongExpectedRevisionError)) throw error;
          throw conflict(params.kind, (await loadTemplateVersions(deps.store, params.kind)).length);
        }
      },
    });

    route(app, {
      method: 'GET', url: '/v1/customers/:customerId/messages', operationId: 'getCustomerMessages', tags: ['messages'],
      summary: "What was sent to a customer, failed, or was suppressed and why (the customer's message stream), oldest first",
      roles: ['admin', 'agent', 'auditor'],
      params: z.object({ customerId: entityIdSchema }),
      responses: { 200: { description: 'The outcomes', schema: z.object({ customerId: z.string(), messages: z.array(z.object({ type: z.string(), position: z.string(), data: z.record(z.string(), z.unknown()) })) }) } },
      handler: async ({ params }) => ({
        customerId: params.customerId,
        messages: (await deps.store.readStream(streamIdFor('message', params.customerId))).map(messageEvent).map(({ type, globalPosition, data }) => ({ type, position: globalPosition, data })),
      }),
    });
  };
}
