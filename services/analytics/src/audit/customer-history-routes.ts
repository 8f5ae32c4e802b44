import { decodeRecordedEvent, entityIdSchema, erasePersonalFields, globalPositionSchema, isoDateTimeSchema, personalFieldPaths, recordedEventSchema, type RecordedDomainEvent, type RecordedEvent } from '@ctp/contracts';
import { route } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AuditDeps } from './audit-routes.js';
import { customerScope } from './customer-scope.js';
import { customerStateAsOf } from './customer-state.js';

const params = z.strictObject({ customerId: entityIdSchema });
const pointQuery = z
  .strictObject({
    position: globalPositionSchema.optional().describe('the state after the event at this global position'),
    at: isoDateTimeSchema.optional().describe('the state the store held at this instant (events recorded up to it)'),
  })
  .superRefine((query, context) => {
    if ((query.position === undefined) === (query.at === undefined)) context.addIssue({ code: 'custom', path: ['position'], message: 'give exactly one of position or at' });
  });
const historyQuery = z.strictObject({
  upTo: globalPositionSchema.optional().describe('events up to this global position (inclusive)'),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
});

/** How far an answer reaches, and whose events it holds. */
const scopeSchema = {
  completeUpTo: globalPositionSchema.nullable().describe('every event up to this global position is taken into account: the sealed ones and those after the sealer, read to the head'),
  sealedUpTo: globalPositionSchema.nullable().describe('the sealer\'s position: events after it are included but not yet covered by a seal (GET /v1/audit/status)'),
  mergedInto: entityIdSchema.nullable().describe('the survivor this id was merged into by then (ask it for the whole customer), else null'),
  memberIds: z.array(entityIdSchema).describe('the id asked first, then every id merged into it by then, whose events are included'),
};

/** The stored event's own envelope schema (every field, traceparent included), its data as stored. */
const envelope = recordedEventSchema.extend({
  data: z.record(z.string(), z.unknown()).describe('as stored: personal fields are ciphertext (intake shows them, recording the access)'),
});

/** Decoded for folding: personal fields read as erased, so no ciphertext is parsed and none can reach the answer. */
function withoutPersonalFields(event: RecordedEvent): RecordedDomainEvent {
  return decodeRecordedEvent({ ...event, data: erasePersonalFields(event.data, personalFieldPaths(event.type, event.schemaVersion)) });
}

/** The auditors' history of a customer across the services, and the customer's state as of any point, from the events alone. */
export function customerHistoryRoutes(deps: AuditDeps) {
  return async (app: FastifyInstance) => {
    route(app, {
      method: 'GET', url: '/v1/audit/customers/:customerId/history', operationId: 'getCustomerAuditHistory', tags: ['audit'], roles: ['auditor'],
      summary: 'Every event about the customer and every id merged into it by then, in every service (intake, tiering, sla, feedback, analytics), in feed order, with its envelope, up to the head; personal fields as stored (ciphertext)',
      params,
      query: historyQuery,
      responses: { 200: { description: 'The events, at most `limit`; `truncated` when there were more', schema: z.object({ customerId: z.string(), ...scopeSchema, events: z.array(envelope), truncated: z.boolean() }) } },
      handler: async ({ params: { customerId }, query }) => {
        const { events, ...scope } = await customerScope(deps, customerId, { position: query.upTo });
        return { customerId, ...scope, events: events.slice(0, query.limit).map((event) => ({ ...event, data: event.data as Record<string, unknown> })), truncated: events.length > query.limit };
      },
    });
    route(app, {
      method: 'GET', url: '/v1/audit/customers/:customerId/state', operationId: 'getCustomerStateAsOf', tags: ['audit'], roles: ['auditor'],
      summary: 'The customer, with every id merged into it by then, as the events up to a global position or an instant make it, never today\'s read models: profile status, consent per purpose, tier with its explanation and override, open cases with their SLA clocks. No personal field',
      params,
      query: pointQuery,
      responses: {
        200: {
          description: 'The state then, the point it was computed at, and how far the events reach',
          schema: z.object({ asOf: z.object({ position: z.string().nullable(), at: z.string().nullable(), lastEvent: z.string().nullable() }), ...scopeSchema, state: z.record(z.string(), z.unknown()) }),
        },
      },
      handler: async ({ params: { customerId }, query }) => {
        const { events, ...scope } = await customerScope(deps, customerId, query);
        const state = customerStateAsOf(customerId, events.map(withoutPersonalFields));
        return { asOf: { position: query.position ?? null, at: query.at ?? null, lastEvent: events.at(-1)?.globalPosition ?? null }, ...scope, state: state as unknown as Record<string, unknown> };
      },
    });
  };
}
