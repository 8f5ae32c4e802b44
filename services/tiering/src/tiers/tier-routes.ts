import { randomUUID } from 'node:crypto';
import { accessPurposes, buildEvent, customerIdParamsSchema, eventRegistry, isoDateTimeSchema, streamIdFor, viewPersonalFields } from '@ctp/contracts';
import { activeCollection } from '@ctp/projections';
import { problems, ProblemError, readYourWritesQuery, route, type ReadYourWrites } from '@ctp/service-kit';
import type { FastifyRequest } from 'fastify';
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
  /** Roles that see personal fields in clear (each such read recorded); absent: none does. */
  readonly personalDataRoles?: ReadonlySet<string>;
}

const JUSTIFICATION_HEADER = 'x-access-justification';

function justificationOf(request: FastifyRequest): string | undefined {
  const raw = request.headers[JUSTIFICATION_HEADER];
  if (raw === undefined) return undefined;
  const text = typeof raw === 'string' ? safeDecode(raw) : undefined;
  if (text === undefined || text.length === 0 || text.length > 2000) {
    const message = 'expected 1 to 2000 characters, percent-encoded UTF-8, sent once';
    throw new ProblemError(problems.CTP_VALIDATION_FAILED, `${JUSTIFICATION_HEADER}: ${message}`, [{ path: `header.${JUSTIFICATION_HEADER}`, message }]);
  }
  return text;
}

function safeDecode(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw).trim();
  } catch {
    return undefined;
  }
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
      summary:
        'Every tier decision, warning and override of the customer, oldest first, each with its explanation and cause. ' +
        "Personal fields (an override's reason) are masked (***) unless the role may see personal data; a read that shows them is recorded " +
        '(PersonalDataAccessed, with purpose and the x-access-justification header)',
      roles: ['agent', 'analyst', 'auditor', 'admin'],
      params: customerIdParamsSchema,
      query: z.object({ purpose: z.enum(accessPurposes).default('service').describe('why personal data is read; recorded with each read that shows it') }),
      responses: { 200: { description: 'The history', schema: z.object({ customerId: z.string(), events: z.array(anyObject) }) } },
      handler: async ({ params: { customerId }, query, request }) => {
        const justification = justificationOf(request);
        const principal = request.principal!;
        const clear = reads.personalDataRoles?.has(principal.role) ?? false;
        const revealed = new Set<string>();
        const events = (await tierEvents(deps, customerId)).map(({ id, type, schemaVersion, occurredAt, causationId, globalPosition, actor, data }) => {
          const view = viewPersonalFields(data, eventRegistry.personalFieldPaths(type, schemaVersion), clear);
          for (const path of view.revealed) revealed.add(`${type}.${path}`);
          return { id, type, occurredAt, causationId, position: globalPosition, actor, data: view.data };
        });
        if (revealed.size > 0) {
          const accessedBy = { kind: 'api-key' as const, id: principal.keyId, role: principal.role };
          const streamId = streamIdFor('audit', customerId);
          const access = buildEvent(
            'PersonalDataAccessed',
            { customerId, accessedBy, purpose: query.purpose, view: 'GET /v1/customers/{id}/tier/history', fieldsRevealed: [...revealed], ...(justification ? { justification } : {}) },
            { id: randomUUID(), streamId, occurredAt: deps.clock().toISOString(), correlationId: request.id, causationId: null, actor: accessedBy, traceparent: request.traceparent },
          );
          await deps.store.append(streamId, [access], { expectedRevision: 'any' });
        }
        return { customerId, events };
      },
    });
  };
}
