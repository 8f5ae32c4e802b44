import { problems, ProblemError, route } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { tierPolicyDocumentSchema } from '../domain/policy.js';
import { asProblem } from '../problems.js';
import type { TieringDeps } from '../tiering-deps.js';
import { checkSemantics } from './check-semantics.js';
import { calibrated, loadPolicyVersions, policyAt, publishPolicy } from './policy-stream.js';

const versionSchema = z.object({ policy: z.record(z.string(), z.unknown()), publishedAt: z.string(), publishedBy: z.record(z.string(), z.unknown()), position: z.string() });

export function policyRoutes(deps: TieringDeps) {
  return async (app: FastifyInstance) => {
    route(app, {
      method: 'GET', url: '/v1/tier-policy', operationId: 'getTierPolicy', tags: ['tier policy'],
      summary: 'The tier policy version in force now',
      roles: ['agent', 'analyst', 'auditor', 'admin'],
      responses: { 200: { description: 'The policy in force', schema: versionSchema }, 404: { description: 'No policy is in force yet' } },
      handler: async () => {
        const versions = await loadPolicyVersions(deps.store, deps.policyId);
        const inForce = policyAt(versions, deps.clock().getTime());
        const version = versions.find(({ policy }) => policy.policyVersion === inForce?.policyVersion);
        if (!version) throw new ProblemError(problems.CTP_NOT_FOUND, 'no tier policy is in force yet');
        return version;
      },
    });
    route(app, {
      method: 'GET', url: '/v1/tier-policy/versions', operationId: 'listTierPolicyVersions', tags: ['tier policy'],
      summary: 'Every published version, oldest first; versions are never edited',
      roles: ['analyst', 'auditor', 'admin'],
      responses: { 200: { description: 'The versions', schema: z.object({ versions: z.array(versionSchema) }) } },
      handler: async () => ({ versions: await loadPolicyVersions(deps.store, deps.policyId) }),
    });
    route(app, {
      method: 'PUT', url: '/v1/tier-policy', operationId: 'publishTierPolicy', tags: ['tier policy'],
      summary: 'Publish a new version (percentile components are calibrated on the active base at effectiveFrom); every customer is then reassessed (the reactor schedules the rollout from the published event)',
      roles: ['admin'],
      body: z.object({ policy: tierPolicyDocumentSchema, expectedVersion: z.int().min(0).describe('the latest version you read; a stale one is a 409') }),
      responses: { 201: { description: 'The published version', schema: z.object({ policyVersion: z.int(), position: z.string(), policy: z.record(z.string(), z.unknown()) }) }, 409: { description: 'Another version was published meanwhile' }, 422: { description: 'Nothing to calibrate on (rule no_active_base)' } },
      handler: async ({ body, request, reply }) => {
        checkSemantics(body.policy, deps.rates, 'body.policy');
        const principal = request.principal!;
        const now = deps.clock();
        const { policy, position } = await asProblem(async () => {
          const document = await calibrated(deps.history, body.policy, now.getTime(), deps);
          return publishPolicy(deps.store, deps.policyId, document, { expectedVersion: body.expectedVersion, actor: { kind: 'api-key', id: principal.keyId, role: principal.role }, correlationId: request.id, occurredAt: now });
        }, 'body.policy');
        return reply.code(201).send({ policyVersion: policy.policyVersion, position, policy });
      },
    });
  };
}
