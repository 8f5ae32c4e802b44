import { customerIdParamsSchema, decoderFor, entitledTier, evolveTierStanding, noTierStanding, streamIdFor } from '@ctp/contracts';
import { problems, ProblemError, route } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { loadPolicyVersions } from '../policy/policy-stream.js';
import type { TieringDeps } from '../tiering-deps.js';
import { accountStateOf } from './account-stream.js';

const tierEvent = decoderFor('tier');

const entitlementsSchema = z.object({
  customerId: z.string(),
  tier: z.string(),
  computedTier: z.string().nullable(),
  override: z.string().nullable().describe('the override in force, if any: its tier is the one served'),
  tierPolicy: z.object({ policyId: z.string(), policyVersion: z.int() }).describe("the policy version whose service section applies: the latest effective now that has the tier"),
  entitlements: z.object({ dedicatedManager: z.boolean(), priorityResponseHours: z.int().nullable(), onSiteVisitsPerYear: z.int(), callbacksPerYear: z.int() }),
  accountManager: z.record(z.string(), z.unknown()).describe('status none, managed, releasing (with releaseAt) or released'),
  decidedBy: z.object({ eventId: z.string(), type: z.string(), occurredAt: z.string(), position: z.string() }).describe('the last tier event: why the customer is in this tier (GET /v1/customers/{id}/tier/history explains it)'),
});

export function entitlementRoutes(deps: TieringDeps) {
  return async (app: FastifyInstance) => {
    route(app, {
      method: 'GET', url: '/v1/customers/:customerId/entitlements', operationId: 'getCustomerEntitlements', tags: ['accounts'],
      summary:
        "What the customer is owed now and why: the tier in force (an override's while it lasts), the tier policy version whose service section applies " +
        '(dedicated manager, priority response hours, on-site visits and callbacks a year), the dedicated manager, and the tier event behind it',
      roles: ['agent', 'analyst', 'auditor', 'admin'],
      params: customerIdParamsSchema,
      responses: { 200: { description: 'The entitlements', schema: entitlementsSchema }, 404: { description: 'The customer has no tier now (never tiered, merged away or erased)' } },
      handler: async ({ params: { customerId } }) => {
        const events = await deps.history.readStream(streamIdFor('tier', customerId));
        const standing = events.map(tierEvent).reduce(evolveTierStanding, noTierStanding);
        const versions = standing.policy ? await loadPolicyVersions(deps.store, standing.policy.tierPolicyId) : [];
        const entitled = entitledTier(versions.map(({ policy }) => policy), standing, deps.clock().toISOString());
        const last = events.at(-1);
        if (!entitled || !last) throw new ProblemError(problems.CTP_NOT_FOUND, `customer ${customerId} has no tier in force`);
        return {
          customerId,
          tier: entitled.tier,
          computedTier: standing.computed,
          override: standing.override,
          tierPolicy: entitled.tierPolicy,
          entitlements: entitled.entitlements,
          accountManager: await accountStateOf(deps.history, customerId),
          decidedBy: { eventId: last.id, type: last.type, occurredAt: last.occurredAt, position: last.globalPosition },
        };
      },
    });
  };
}
