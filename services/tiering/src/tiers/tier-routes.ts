import { customerIdParamsSchema, isoDateTimeSchema } from '@ctp/contracts';
import { activeCollection } from '@ctp/projections';
import { readYourWritesQuery, route, type ReadYourWrites } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import type { Db } from 'mongodb';
import { z } from 'zod';
import { policyInForce, type TieringDeps } from '../tiering-deps.js';
import { tierProjection } from './tier-projection.js';
import { currentTierDocument, tierAt, tierEvents } from './tier-lookup.js';
import { tierView, type TierDocument } from './tier-view.js';

export interface TierReads {
  readonly db: Db;
  /** Waits for the tier read model to pass a position a command answered. */
  readonly readYourWrites: ReadYourWrites;
}

export const anyObject = z.record(z.string(), z.unknown());

export function tierRoutes(deps: TieringDeps, reads: TierReads) {
  return async (app: FastifyInstance) => {
    route(app, {
      method: 'GET', url: '/v1/customers/:customerId/tier', operationId: 'getCustomerTier', tags: ['tiers'],
      summary:
        "The customer's tier now (read model; minPosition waits for it) or in force at asOf (from the tier stream itself). " +
        "A merged-away id answers with its survivor's tier (customerId is the survivor's, requestedId the id asked, mergedAway true); an erased customer is a 404",
      roles: ['agent', 'analyst', 'auditor', 'admin'],
      params: customerIdParamsSchema,
      query: z.object({ asOf: isoDateTimeSchema.optional(), ...readYourWritesQuery }),
      responses: { 200: { description: 'The tier, its explanation and distances', schema: anyObject }, 404: { description: 'No tier for this customer (at that time), or the customer was erased (withdrawn: erased)' }, 503: { description: 'The read model did not reach minPosition in time' } },
      handler: async ({ params: { customerId }, query }) => {
        if (query.asOf) return tierAt(deps, customerId, query.asOf);
        await reads.readYourWrites(query.minPosition);
        const customers = await activeCollection<TierDocument>(reads.db, tierProjection.name, 'tiers');
        const { document, ...requested } = await currentTierDocument(customers, customerId);
        return { ...tierView(document, await policyInForce(deps, deps.clock().getTime())), ...requested };
      },
    });
    route(app, {
      method: 'GET', url: '/v1/customers/:customerId/tier/history', operationId: 'getCustomerTierHistory', tags: ['tiers'],
      summary: 'Every tier decision, warning and override of the customer, oldest first, each with its explanation and cause',
      roles: ['agent', 'analyst', 'auditor', 'admin'],
      params: customerIdParamsSchema,
      responses: { 200: { description: 'The history', schema: z.object({ customerId: z.string(), events: z.array(anyObject) }) } },
      handler: async ({ params: { customerId } }) => ({
        customerId,
        events: (await tierEvents(deps, customerId)).map(({ id, type, occurredAt, causationId, globalPosition, actor, data }) => ({ id, type, occurredAt, causationId, position: globalPosition, actor, data })),
      }),
    });
  };
}
