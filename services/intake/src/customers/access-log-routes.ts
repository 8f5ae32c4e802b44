import { customerIdParamsSchema, decodeRecordedEvent, streamIdFor } from '@ctp/contracts';
import { route } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { CustomerReads } from './customer-reads.js';

const accessSchema = z.object({
  at: z.string(),
  accessedBy: z.object({ kind: z.string(), id: z.string(), role: z.string().optional() }),
  purpose: z.string(),
  view: z.string(),
  fieldsRevealed: z.array(z.string()),
  justification: z.string().optional(),
});

export function accessLogRoutes(reads: CustomerReads) {
  return async (app: FastifyInstance) => {
    route(app, {
      method: 'GET',
      url: '/v1/customers/:customerId/access-log',
      operationId: 'getPersonalDataAccessLog',
      summary: "Who saw this customer's personal data, when, what and why (PersonalDataAccessed events), oldest first",
      tags: ['customers'],
      roles: ['auditor', 'admin'],
      params: customerIdParamsSchema,
      responses: { 200: { description: 'Every recorded access', schema: z.object({ customerId: z.string(), accesses: z.array(accessSchema) }) } },
      handler: async ({ params }) => {
        const events = (await reads.store.readStream(streamIdFor('audit', params.customerId))).map(decodeRecordedEvent);
        const accesses = events.flatMap((event) => {
          if (event.type !== 'PersonalDataAccessed') return [];
          const { customerId: _subject, ...access } = event.data;
          return [{ at: event.occurredAt, ...access }];
        });
        return { customerId: params.customerId, accesses };
      },
    });
  };
}
