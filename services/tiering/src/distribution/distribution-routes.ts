import { isoDateTimeSchema } from '@ctp/contracts';
import { route } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { noCounts, publicCounts } from '../domain/tier-counts.js';
import { maxRangeDays } from '../domain/movement-range.js';
import { tierMovements } from './movement-reads.js';
import { tierCountsCollection, tierCountsId, type TierCountsDocument } from './tier-count-follower.js';
import type { TierReads } from '../tiers/tier-routes.js';

/**
 * The counts document the tier count follower keeps (tier-count-follower.ts), read by `_id`: no scan per request
 * (FerretDB 1.24 reads and decodes every document for an aggregation, 38 s at 100,000 customers).
 */
export async function tierDistribution(reads: Pick<TierReads, 'db'>) {
  const document = await reads.db.collection<TierCountsDocument>(tierCountsCollection).findOne({ _id: tierCountsId });
  return { ...publicCounts(document ?? noCounts), countedUpTo: document?.position ?? null };
}

const dayMs = 86_400_000;
const movementsQuery = z
  .object({ from: isoDateTimeSchema, to: isoDateTimeSchema, limit: z.coerce.number().int().min(1).max(1000).default(200) })
  .superRefine(({ from, to }, context) => {
    const days = (Date.parse(to) - Date.parse(from)) / dayMs;
    if (!(days > 0)) context.addIssue({ code: 'custom', path: ['to'], message: 'to must be after from' });
    if (days > maxRangeDays) context.addIssue({ code: 'custom', path: ['to'], message: `the range may cover at most ${maxRangeDays} days` });
  });

export function distributionRoutes(reads: Pick<TierReads, 'db' | 'readYourWrites'>) {
  return async (app: FastifyInstance) => {
    route(app, {
      method: 'GET', url: '/v1/tiers/distribution', operationId: 'getTierDistribution', tags: ['tiers'],
      summary: 'Customers per tier served (overrides counted at their tier), and per computed tier, as of the store position countedUpTo (null: nothing counted yet); withdrawn customers (merged away, erased) are not counted',
      roles: ['agent', 'analyst', 'auditor', 'admin'],
      responses: { 200: { description: 'Counts per tier', schema: z.object({ served: z.record(z.string(), z.int()), computed: z.record(z.string(), z.int()), overridden: z.int(), total: z.int(), countedUpTo: z.string().nullable() }) } },
      handler: () => tierDistribution(reads),
    });
    route(app, {
      method: 'GET', url: '/v1/tiers/movements', operationId: 'getTierMovements', tags: ['tiers'],
      summary: `Assignments, upgrades, downgrades and withdrawals (merged away, erased) in [from, to) (at most ${maxRangeDays} days): counts per move and the first moves by time, as of the store position countedUpTo (null: nothing followed yet)`,
      roles: ['analyst', 'auditor', 'admin'],
      query: movementsQuery,
      responses: { 200: { description: 'The movements', schema: z.record(z.string(), z.unknown()) } },
      handler: async ({ query }) => ({ from: query.from, to: query.to, ...(await tierMovements(reads.db, { from: new Date(query.from), to: new Date(query.to) }, query.limit)) }),
    });
  };
}
