import { customerIdParamsSchema, eventRegistry, isoDateTimeSchema, viewPersonalFields } from '@ctp/contracts';
import { activeCollection } from '@ctp/projections';
import { readYourWritesQuery, route, type PersonalDataAccess, type ReadYourWrites } from '@ctp/service-kit';
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
  /** Who sees personal fields in clear (an override's reason), and the record of each read that shows them. */
  readonly access: PersonalDataAccess;
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
      responses: { 200: { description: 'The tier, its explanation and distances', schema: anyObject }, 404: { description: 'No tier for this customer (at that time), or the customer was erased (withdrawn: erased)' } },
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
      summary:
        'Every tier decision, warning and override of the customer, oldest first, each with its explanation and cause. ' +
        "Personal fields (an override's reason) are masked (***) unless the role may see personal data; a read that shows them is recorded " +
        '(PersonalDataAccessed, with purpose and the x-access-justification header). Every caller names the purpose',
      roles: ['agent', 'analyst', 'auditor', 'admin'],
      params: customerIdParamsSchema,
      query: z.object(reads.access.query),
      responses: { 200: { description: 'The history', schema: z.object({ customerId: z.string(), events: z.array(anyObject) }) } },
      handler: async ({ params: { customerId }, query, request }) => {
        const clear = reads.access.mayReveal(request);
        const revealed: string[] = [];
        const events = (await tierEvents(deps, customerId)).map(({ id, type, schemaVersion, occurredAt, causationId, globalPosition, actor, data }) => {
          const view = viewPersonalFields(data, eventRegistry.personalFieldPaths(type, schemaVersion), clear);
          revealed.push(...view.revealed.map((path) => `${type}.${path}`));
          return { id, type, occurredAt, causationId, position: globalPosition, actor, data: view.data };
        });
        await reads.access.record(request, { customerId, view: 'GET /v1/customers/{id}/tier/history', revealed, purpose: query.purpose });
        return { customerId, events };
      },
    });
  };
}
