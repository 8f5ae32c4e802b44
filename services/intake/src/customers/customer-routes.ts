import { globalPositionSchema } from '@ctp/contracts';
import { activeCollection, ProjectionWaitTimeoutError, type ProjectionRuntime } from '@ctp/projections';
import { problems, ProblemError, route } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import type { Db } from 'mongodb';
import { z } from 'zod';
import { customerSummary } from './customer-summary.js';

const summarySchema = z.object({
  customerId: z.string(),
  registered: z.boolean(),
  kind: z.string().optional(),
  customerSince: z.string().optional(),
  purchases: z.int(),
  spendMinor: z.record(z.string(), z.int()).describe('spend per currency, in minor units'),
  refunds: z.int(),
  interactions: z.int(),
  channels: z.array(z.string()),
  consent: z.record(z.string(), z.object({ granted: z.boolean(), at: z.string() })),
  erased: z.boolean(),
  lastEvent: z.object({ id: z.string(), type: z.string(), position: z.string(), traceparent: z.string().nullable() }),
});

type SummaryDocument = Record<string, unknown> & { customerId: string; lastEvent: z.infer<typeof summarySchema>['lastEvent'] };

function toSummary(document: SummaryDocument): z.infer<typeof summarySchema> {
  const consent = (document.consent ?? {}) as Record<string, { granted: boolean; at: Date }>;
  return {
    customerId: document.customerId,
    registered: document.registered === true,
    ...(typeof document.kind === 'string' ? { kind: document.kind } : {}),
    ...(typeof document.customerSince === 'string' ? { customerSince: document.customerSince } : {}),
    purchases: Number(document.purchases ?? 0),
    spendMinor: (document.spendMinor ?? {}) as Record<string, number>,
    refunds: Number(document.refunds ?? 0),
    interactions: Number(document.interactions ?? 0),
    channels: (document.channels ?? []) as string[],
    consent: Object.fromEntries(Object.entries(consent).map(([purpose, state]) => [purpose, { granted: state.granted, at: state.at.toISOString() }])),
    erased: document.erased === true,
    lastEvent: document.lastEvent,
  };
}

export function customerRoutes(db: Db, runtime: ProjectionRuntime, waitTimeoutMs: number) {
  return async (app: FastifyInstance) => {
    route(app, {
      method: 'GET',
      url: '/v1/customers/:customerId',
      operationId: 'getCustomerSummary',
      summary: "A customer's summary as intake projected it; minPosition waits until the projection has passed it",
      tags: ['customers'],
      roles: ['agent', 'analyst', 'auditor', 'admin'],
      params: z.object({ customerId: z.string().min(1).max(100) }),
      query: z.object({ minPosition: globalPositionSchema.optional() }),
      responses: { 200: { description: 'The summary', schema: summarySchema }, 404: { description: 'No such customer' }, 503: { description: 'The projection did not reach minPosition in time' } },
      handler: async ({ params, query }) => {
        if (query.minPosition) {
          await runtime.waitForPosition(query.minPosition, waitTimeoutMs).catch((error: unknown) => {
            if (error instanceof ProjectionWaitTimeoutError) {
              throw new ProblemError(problems.CTP_NOT_READY, `the read model has not reached position ${query.minPosition} yet; retry`);
            }
            throw error;
          });
        }
        const collection = await activeCollection<SummaryDocument>(db, customerSummary.name, 'customers');
        const document = await collection.findOne({ _id: params.customerId } as never);
        if (!document) throw new ProblemError(problems.CTP_NOT_FOUND, `no customer ${params.customerId}`);
        return toSummary(document);
      },
    });
  };
}
