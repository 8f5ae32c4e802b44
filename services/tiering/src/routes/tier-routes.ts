import { entityIdSchema, globalPositionSchema, isoDateTimeSchema, overrideReasonCodes } from '@ctp/contracts';
import { activeCollection, ProjectionWaitTimeoutError, type ProjectionRuntime } from '@ctp/projections';
import { problems, ProblemError, route } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import type { Db } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { decide } from '../domain/decide.js';
import { policyInForce, type TieringDeps } from '../reactions/tiering-deps.js';
import { tierProjection } from '../read-model/tier-projection.js';
import { withTierStream } from '../tiers/tier-stream.js';
import { asProblem } from './problems.js';
import { currentTierDocument, tierAt, tierEvents } from './tier-lookup.js';
import { tierView, type TierDocument } from './tier-view.js';

export interface TierReads {
  readonly db: Db;
  readonly runtime: ProjectionRuntime;
  readonly waitTimeoutMs: number;
}

const params = z.object({ customerId: entityIdSchema });
const anyObject = z.record(z.string(), z.unknown());

export function tierRoutes(deps: TieringDeps, reads: TierReads) {
  return async (app: FastifyInstance) => {
    route(app, {
      method: 'GET', url: '/v1/customers/:customerId/tier', operationId: 'getCustomerTier', tags: ['tiers'],
      summary:
        "The customer's tier now (read model; minPosition waits for it) or in force at asOf (from the tier stream itself). " +
        "A merged-away id answers with its survivor's tier (customerId is the survivor's, requestedId the id asked, mergedAway true); an erased customer is a 404",
      roles: ['agent', 'analyst', 'auditor', 'admin'],
      params,
      query: z.object({ asOf: isoDateTimeSchema.optional(), minPosition: globalPositionSchema.optional() }),
      responses: { 200: { description: 'The tier, its explanation and distances', schema: anyObject }, 404: { description: 'No tier for this customer (at that time), or the customer was erased (withdrawn: erased)' } },
      handler: async ({ params: { customerId }, query }) => {
        if (query.asOf) return tierAt(deps, customerId, query.asOf);
        if (query.minPosition) {
          await reads.runtime.waitForPosition(query.minPosition, reads.waitTimeoutMs).catch((error: unknown) => {
            if (error instanceof ProjectionWaitTimeoutError) throw new ProblemError(problems.CTP_NOT_READY, `the read model has not reached ${query.minPosition} yet; retry`);
            throw error;
          });
        }
        const customers = await activeCollection<TierDocument>(reads.db, tierProjection.name, 'tiers');
        const { document, ...requested } = await currentTierDocument(customers, customerId);
        return { ...tierView(document, await policyInForce(deps, deps.clock().getTime())), ...requested };
      },
    });
    route(app, {
      method: 'GET', url: '/v1/customers/:customerId/tier/history', operationId: 'getCustomerTierHistory', tags: ['tiers'],
      summary: 'Every tier decision, warning and override of the customer, oldest first, each with its explanation and cause',
      roles: ['agent', 'analyst', 'auditor', 'admin'],
      params,
      responses: { 200: { description: 'The history', schema: z.object({ customerId: z.string(), events: z.array(anyObject) }) } },
      handler: async ({ params: { customerId } }) => ({
        customerId,
        events: (await tierEvents(deps, customerId)).map(({ id, type, occurredAt, causationId, globalPosition, actor, data }) => ({ id, type, occurredAt, causationId, position: globalPosition, actor, data })),
      }),
    });
    route(app, {
      method: 'POST', url: '/v1/customers/:customerId/tier/override', operationId: 'overrideCustomerTier', tags: ['tiers'],
      summary: 'Set the tier by hand until expiresAt, within the policy’s override rules; the computed tier keeps being tracked',
      roles: ['admin'],
      params,
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
