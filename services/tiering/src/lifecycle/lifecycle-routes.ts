import { customerIdParamsSchema, lifecycleRulesBodySchema, lifecycleStages } from '@ctp/contracts';
import { followMerges } from '@ctp/identity';
import { problems, ProblemError, route } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { rulesAt } from '../domain/lifecycle/lifecycle-rules.js';
import { ownHistory } from '../history/customer-history.js';
import { asProblem } from '../problems.js';
import type { TieringDeps } from '../tiering-deps.js';
import { loadRulesVersions, publishRules } from './lifecycle-rules-stream.js';
import { lifecycleEvents } from './lifecycle-stream.js';

const anyObject = z.record(z.string(), z.unknown());
const changeSchema = z.object({ from: z.enum(lifecycleStages).nullable(), to: z.enum(lifecycleStages), rule: z.string(), detail: z.string(), fact: anyObject, rules: anyObject, contact: anyObject.nullable(), changedAt: z.string(), eventId: z.string(), position: z.string() });
const lifecycleSchema = z.object({
  customerId: z.string().describe('the customer the stage is of: the survivor when the id asked for was merged away'),
  requestedId: z.string(),
  mergedAway: z.boolean(),
  stage: z.enum(lifecycleStages),
  since: z.string(),
  why: changeSchema,
  history: z.array(changeSchema),
});
const versionSchema = z.object({ rules: anyObject, publishedAt: z.string(), publishedBy: anyObject, position: z.string() });

export function lifecycleRoutes(deps: TieringDeps) {
  return async (app: FastifyInstance) => {
    route(app, {
      method: 'GET', url: '/v1/customers/:customerId/lifecycle', operationId: 'getCustomerLifecycle', tags: ['lifecycle'],
      summary: "The customer's lifecycle stage, since when and why (the rule, the fact that fired it, the rules version), and every change before, oldest first (read from the lifecycle stream itself)",
      roles: ['agent', 'analyst', 'auditor', 'admin'],
      params: customerIdParamsSchema,
      responses: { 200: { description: 'The stage and its history', schema: lifecycleSchema }, 404: { description: 'No lifecycle for this customer (not registered, erased, or not reached by the reactor yet)' } },
      handler: async ({ params: { customerId: requestedId } }) => {
        const { customerId, found: own, mergedAway } = await followMerges(requestedId, (id) => ownHistory(deps.history, id), ({ mergedInto }) => mergedInto);
        if (own.erasedAt !== null) throw new ProblemError(problems.CTP_NOT_FOUND, `customer ${customerId} was erased; it has no lifecycle any more`, [], { withdrawn: 'erased' });
        const history = (await lifecycleEvents(deps.store, customerId)).map(({ id, globalPosition, data: { customerId: _customer, ...change } }) => ({ ...change, eventId: id, position: globalPosition }));
        const why = history.at(-1);
        if (!why) throw new ProblemError(problems.CTP_NOT_FOUND, `no lifecycle stage for customer ${customerId}`);
        return { customerId, requestedId, mergedAway, stage: why.to, since: why.changedAt, why, history };
      },
    });
    route(app, {
      method: 'GET', url: '/v1/lifecycle-rules', operationId: 'getLifecycleRules', tags: ['lifecycle'],
      summary: 'The lifecycle stage rules and stage contact plans in force now',
      roles: ['agent', 'analyst', 'auditor', 'admin'],
      responses: { 200: { description: 'The version in force', schema: versionSchema }, 404: { description: 'No rules are in force yet' } },
      handler: async () => {
        const versions = await loadRulesVersions(deps.store);
        const inForce = rulesAt(versions.map(({ rules }) => rules), deps.clock().getTime());
        const version = versions.find(({ rules }) => rules.rulesVersion === inForce?.rulesVersion);
        if (!version) throw new ProblemError(problems.CTP_NOT_FOUND, 'no lifecycle rules are in force yet');
        return version;
      },
    });
    route(app, {
      method: 'GET', url: '/v1/lifecycle-rules/versions', operationId: 'listLifecycleRulesVersions', tags: ['lifecycle'],
      summary: 'Every published version of the lifecycle rules, oldest first; versions are never edited',
      roles: ['analyst', 'auditor', 'admin'],
      responses: { 200: { description: 'The versions', schema: z.object({ versions: z.array(versionSchema) }) } },
      handler: async () => ({ versions: await loadRulesVersions(deps.store) }),
    });
    route(app, {
      method: 'PUT', url: '/v1/lifecycle-rules', operationId: 'publishLifecycleRules', tags: ['lifecycle'],
      summary: 'Publish a new version of the lifecycle rules; decisions whose fact is at or after its effectiveFrom use it',
      roles: ['admin'],
      body: z.object({ rules: lifecycleRulesBodySchema, expectedVersion: z.int().min(0).max(1_000_000).describe('the latest version you read; a stale one is a 409') }),
      responses: { 201: { description: 'The published version', schema: z.object({ rulesVersion: z.int(), position: z.string(), rules: anyObject }) }, 409: { description: 'Another version was published meanwhile' } },
      handler: async ({ body, request, reply }) => {
        const principal = request.principal!;
        const { rules, position } = await asProblem(() =>
          publishRules(deps.store, body.rules, { expectedVersion: body.expectedVersion, actor: { kind: 'api-key', id: principal.keyId, role: principal.role }, correlationId: request.id, occurredAt: deps.clock() }),
        );
        return reply.code(201).send({ rulesVersion: rules.rulesVersion, position, rules });
      },
    });
  };
}
