import { customerIdParamsSchema, eventRegistry, isoDateTimeSchema, viewPersonalFields, type RecordedDomainEvent } from '@ctp/contracts';
import { route } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { customerGroup, readQuery, type CustomerReads } from './customer-reads.js';

const timelineEntrySchema = z.object({
  id: z.string(),
  type: z.string(),
  occurredAt: z.string(),
  recordedAt: z.string(),
  customerId: z.string().describe('the stream the fact is on: the survivor or an id merged into it'),
  position: z.string(),
  data: z.record(z.string(), z.unknown()).describe('latest schema version; personal fields in clear, "***" or "[erased]"'),
});

const timelineQuery = (reads: CustomerReads) => z.object({
  ...readQuery(reads),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z
    .string()
    .regex(/^-?\d{1,16}_\d{1,20}$/)
    .optional()
    .describe('cursor: the nextBefore of the previous page'),
  types: z
    .string()
    .regex(/^[A-Za-z]+(,[A-Za-z]+)*$/)
    .optional()
    .describe('comma-separated event types to keep'),
  from: isoDateTimeSchema.optional().describe('occurredAt at or after'),
  to: isoDateTimeSchema.optional().describe('occurredAt before'),
});

/** Newest first by business time; facts of the same instant in the order they were recorded. */
const byNewest = (a: RecordedDomainEvent, b: RecordedDomainEvent) =>
  Date.parse(b.occurredAt) - Date.parse(a.occurredAt) || (BigInt(b.globalPosition) > BigInt(a.globalPosition) ? 1 : -1);

const cursorOf = (event: RecordedDomainEvent) => `${Date.parse(event.occurredAt)}_${event.globalPosition}`;

function isBefore(event: RecordedDomainEvent, cursor: string): boolean {
  const [at, position] = cursor.split('_') as [string, string];
  const eventAt = Date.parse(event.occurredAt);
  return eventAt < Number(at) || (eventAt === Number(at) && BigInt(event.globalPosition) < BigInt(position));
}

export function timelineRoutes(reads: CustomerReads) {
  return async (app: FastifyInstance) => {
    route(app, {
      method: 'GET',
      url: '/v1/customers/:customerId/timeline',
      operationId: 'getCustomerTimeline',
      summary: "A customer's facts, newest first by occurredAt, from the event store itself (every accepted fact is visible at once)",
      tags: ['customers'],
      roles: ['agent', 'analyst', 'auditor', 'admin'],
      params: customerIdParamsSchema,
      query: timelineQuery(reads),
      responses: {
        200: {
          description: 'One page of the timeline; pass nextBefore as before for the next',
          schema: z.object({ customerId: z.string(), events: z.array(timelineEntrySchema), nextBefore: z.string().nullable() }),
        },
        404: { description: 'No such customer' },
      },
      handler: async ({ params, query, request }) => {
        const group = await customerGroup(reads, params.customerId);
        const types = query.types ? new Set(query.types.split(',')) : null;
        const [from, to] = [query.from ? Date.parse(query.from) : -Infinity, query.to ? Date.parse(query.to) : Infinity];
        const kept = group.eventsOf(group.memberIds).sort(byNewest).filter((event) => {
          const at = Date.parse(event.occurredAt);
          return (!query.before || isBefore(event, query.before)) && (!types || types.has(event.type)) && at >= from && at < to;
        });
        const page = kept.slice(0, query.limit);
        const clear = reads.access.mayReveal(request);
        /** What was shown in clear, by the id whose stream (and key) it came from: a merged-away id's data is recorded under that id. */
        const revealed = new Map<string, string[]>();
        const events = page.map((event) => {
          const view = viewPersonalFields(event.data, eventRegistry.personalFieldPaths(event.type, event.schemaVersion), clear);
          const customerId = event.streamId.slice('customer-'.length);
          if (view.revealed.length > 0) revealed.set(customerId, [...(revealed.get(customerId) ?? []), ...view.revealed.map((path) => `${event.type}.${path}`)]);
          return { id: event.id, type: event.type, occurredAt: event.occurredAt, recordedAt: event.recordedAt, customerId, position: event.globalPosition, data: view.data };
        });
        for (const [customerId, fields] of revealed) {
          await reads.access.record(request, { customerId, view: 'GET /v1/customers/{id}/timeline', revealed: fields, purpose: query.purpose });
        }
        const nextBefore = kept.length > page.length ? cursorOf(page[page.length - 1]!) : null;
        return { customerId: group.survivorId, events, nextBefore };
      },
    });
  };
}
