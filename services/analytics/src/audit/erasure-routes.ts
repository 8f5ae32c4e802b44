import { entityIdSchema, globalPositionSchema, isoDateTimeSchema } from '@ctp/contracts';
import { problems, ProblemError, route } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AuditDeps } from './audit-routes.js';
import { erasureReport } from './erasure-report.js';

const unreadableSchema = z.object({
  streamId: z.string(),
  revision: z.int(),
  globalPosition: globalPositionSchema,
  eventId: z.string(),
  type: z.string(),
  customerId: entityIdSchema.describe('whose destroyed key sealed these fields'),
  keyId: z.string(),
  fields: z.array(z.string()).describe('paths of the personal fields stored as ciphertext under that key'),
});
const erasureSchema = z.object({
  proof: z.object({ eventId: z.string(), globalPosition: globalPositionSchema, erasedAt: isoDateTimeSchema, requestId: z.string(), requestEventId: z.string(), requestPosition: globalPositionSchema }),
  destroyedKeys: z.array(z.object({ customerId: entityIdSchema, keyId: z.string() })),
  keyIdsFrom: z.enum(['proof', 'tokens']).describe('proof: the key ids the proof names; tokens: a proof stored before proofs named them, the ids read from the erased ids\' tokens'),
  streams: z.array(z.object({ streamId: z.string(), events: z.int(), fields: z.int() })),
  unreadable: z.array(unreadableSchema),
});

/** The auditors' erasure report: what each erasure of a customer made unreadable. */
export function erasureRoutes(deps: AuditDeps) {
  return async (app: FastifyInstance) => {
    route(app, {
      method: 'GET', url: '/v1/audit/customers/:customerId/erasure', operationId: 'getCustomerErasureReport', tags: ['audit'], roles: ['auditor'],
      summary: 'For each erasure proof (CustomerErased) of the customer, every personal field in every service\'s events, up to the head, stored as ciphertext under a data key it destroyed: by stream, and by event with the fields\' paths',
      params: z.strictObject({ customerId: entityIdSchema }),
      responses: {
        200: {
          description: 'What became unreadable, and up to which position the events were read',
          schema: z.object({ customerId: z.string(), sealedUpTo: globalPositionSchema.nullable(), completeUpTo: globalPositionSchema.nullable(), erasures: z.array(erasureSchema).min(1) }),
        },
        404: { description: 'No erasure of the customer is proven' },
      },
      handler: async ({ params: { customerId } }) => {
        const report = await erasureReport(deps, customerId);
        if (report.erasures.length === 0) throw new ProblemError(problems.CTP_NOT_FOUND, `no erasure of customer ${customerId} is proven (no CustomerErased on audit-${customerId})`);
        return report;
      },
    });
  };
}
