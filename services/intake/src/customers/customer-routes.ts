import { customerIdParamsSchema, viewPersonalFields } from '@ctp/contracts';
import { route } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { customerGroup, readQuery, summaryDocuments, type CustomerReads } from './customer-reads.js';
import { foldProfile, profilePersonalFields } from './customer-profile.js';
import { combineSummaries } from './customer-view.js';

const money = z.record(z.string(), z.int()).describe('per currency, in minor units');

const customerSchema = z.object({
  customerId: z.string().describe('the surviving customer; differs from the requested id after a merge'),
  requestedId: z.string(),
  mergedFrom: z.array(z.string()).describe('ids merged into this customer'),
  erased: z.boolean(),
  profile: z.record(z.string(), z.unknown()).describe('personal fields in clear only for PERSONAL_DATA_ROLES (each read recorded), else "***"; "[erased]" after erasure'),
  purchases: z.int(),
  spendMinor: money,
  refunds: z.int(),
  refundedMinor: money,
  netSpend: z.object({ amount: z.string(), currency: z.string() }).describe('spend minus refunds in the reporting currency, at the configured rates'),
  lastPurchaseAt: z.string().optional(),
  interactions: z.int(),
  lastInteractionAt: z.string().optional(),
  channels: z.array(z.string()),
  consent: z.record(z.string(), z.object({ granted: z.boolean(), at: z.string() })),
  lastEvent: z.object({ id: z.string(), type: z.string(), position: z.string(), traceparent: z.string().nullable() }).nullable(),
});

export function customerRoutes(reads: CustomerReads) {
  return async (app: FastifyInstance) => {
    route(app, {
      method: 'GET',
      url: '/v1/customers/:customerId',
      operationId: 'getCustomer',
      summary: 'One customer: profile, consent, purchase and interaction summary; a merged-away id answers with its survivor',
      tags: ['customers'],
      roles: ['agent', 'analyst', 'auditor', 'admin'],
      params: customerIdParamsSchema,
      query: z.object(readQuery(reads)),
      responses: {
        200: { description: 'The customer', schema: customerSchema },
        404: { description: 'No such customer' },
      },
      handler: async ({ params, query, request }) => {
        await reads.readYourWrites(query.minPosition);
        const group = await customerGroup(reads, params.customerId);
        const documents = await summaryDocuments(reads, group.memberIds);
        const profile = viewPersonalFields(foldProfile(group.eventsOf([group.survivorId])), profilePersonalFields, reads.access.mayReveal(request));
        await reads.access.record(request, { customerId: group.survivorId, view: 'GET /v1/customers/{id}', revealed: profile.revealed, purpose: query.purpose });
        return {
          customerId: group.survivorId,
          requestedId: params.customerId,
          mergedFrom: group.memberIds.slice(1),
          erased: group.erased,
          profile: profile.data,
          ...combineSummaries(documents, reads.rates),
        };
      },
    });
  };
}
