import { customerIdParamsSchema, overrideReasonCodes, isoDateTimeSchema } from '@ctp/contracts';
import { problems, ProblemError, route } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { decide } from '../domain/decide.js';
import { asProblem } from '../problems.js';
import { policyInForce, type TieringDeps } from '../tiering-deps.js';
import { withTierStream } from '../tiers/tier-stream.js';

export function overrideRoutes(deps: TieringDeps) {
  return async (app: FastifyInstance) => {
    route(app, {
      method: 'POST', url: '/v1/customers/:customerId/tier/override', operationId: 'overrideCustomerTier', tags: ['tiers'],
      summary: 'Set the tier by hand until expiresAt, within the policy’s override rules; the computed tier keeps being tracked',
      roles: ['admin'],
      params: customerIdParamsSchema,
      body: z.object({ tier: z.string().min(1).max(32), reasonCode: z.enum(overrideReasonCodes), reason: z.string().min(1).max(2000), expiresAt: isoDateTimeSchema }),
      responses: { 201: { description: 'The override', schema: z.object({ overrideId: z.string(), position: z.string().nullable() }) }, 422: { description: 'The policy does not allow this override; errors[].rule says why' } },
      handler: async ({ params: { customerId }, body, request, reply }) => {
        const principal = request.principal!;
        const actor = { kind: 'api-key' as const, id: principal.keyId, role: principal.role };
        const overrideId = randomUUID();
        const now = deps.clock();
        const policy = await policyInForce(deps, now.getTime());
        if (!policy) throw new ProblemError(problems.CTP_NOT_READY, 'no tier policy is in force yet');
        const result = await asProblem(() =>
          withTierStream(deps.store, customerId, { causationId: overrideId, correlationId: request.id, occurredAt: now.toISOString(), actor, traceparent: request.traceparent }, (state) =>
            decide({ kind: 'override', customerId, overrideId, ...body, actor, now, policy }, state),
          ),
        );
        return reply.code(201).send({ overrideId, position: result?.lastPosition ?? null });
      },
    });
  };
}
