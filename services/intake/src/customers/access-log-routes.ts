import { customerIdParamsSchema, decodeRecordedEvent, streamIdFor } from '@ctp/contracts';
import { purposeQuery, recordAccessLogRead, route } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { CustomerReads } from './customer-reads.js';

const accessSchema = z.object({
  at: z.string(),
  accessedBy: z.object({ kind: z.string(), id: z.string(), role: z.string().optional(), holder: z.object({ kind: z.string(), name: z.string() }).optional().describe('the person or system the key is issued to') }),
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
      summary: "Who saw this customer's personal data, when, what and why (PersonalDataAccessed events), oldest first, with each justification. The read is itself recorded (AccessLogRead)",
      tags: ['customers'],
      roles: ['auditor', 'admin'],
      params: customerIdParamsSchema,
      query: z.object(purposeQuery(reads.access.purposes, 'why the access log is read; recorded with the read')),
      responses: { 200: { description: 'Every recorded access', schema: z.object({ customerId: z.string(), accesses: z.array(accessSchema) }) } },
      handler: async ({ params, query, request }) => {
        const events = (await reads.store.readStream(streamIdFor('audit', params.customerId))).map(decodeRecordedEvent);
        const accesses = events.flatMap((event) => {
          if (event.type !== 'PersonalDataAccessed') return [];
          const { customerId: _subject, ...access } = event.data;
          return [{ at: event.occurredAt, ...access }];
        });
        const customersShown = accesses.length > 0 ? [params.customerId] : [];
        await recordAccessLogRead(reads, request, { purpose: query.purpose, view: 'GET /v1/customers/{id}/access-log', query: { customer: params.customerId }, entries: accesses.length, customersShown });
        return { customerId: params.customerId, accesses };
      },
    });
  };
}
