import { isoDateTimeSchema } from '@ctp/contracts';
import { activeCollection } from '@ctp/projections';
import { route } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { noCounts, publicCounts } from '../domain/tier-counts.js';
import { tierProjection, type TierMovement } from '../tiers/tier-projection.js';
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
      summary: 'Assignments, upgrades, downgrades and withdrawals (merged away, erased) in [from, to): counts per move and the moves themselves',
      roles: ['analyst', 'auditor', 'admin'],
      query: z.object({ from: isoDateTimeSchema, to: isoDateTimeSchema, limit: z.coerce.number().int().min(1).max(1000).default(200) }),
      responses: { 200: { description: 'The movements', schema: z.record(z.string(), z.unknown()) } },
      handler: async ({ query }) => {
        const movements = await activeCollection<TierMovement>(reads.db, tierProjection.name, 'tierMovements');
        const inRange = { at: { $gte: new Date(query.from), $lt: new Date(query.to) } };
        // Counted and limited in the database (review finding: it loaded every movement of the range, then trimmed).
        const [groups, page] = await Promise.all([
          movements
            .aggregate<{ _id: { from: string | null; to: string | null; direction: string }; count: number }>([
              { $match: inRange },
              { $group: { _id: { from: '$from', to: '$to', direction: '$direction' }, count: { $sum: 1 } } },
            ])
            .toArray(),
          movements.find(inRange).sort({ at: 1 }).limit(query.limit).toArray(),
        ]);
        const counts: Record<string, number> = {};
        const byDirection: Record<string, number> = {};
        for (const { _id, count } of groups) {
          const key = `${_id.from ?? 'none'}->${_id.to ?? 'none'}`;
          counts[key] = (counts[key] ?? 0) + count;
          byDirection[_id.direction] = (byDirection[_id.direction] ?? 0) + count;
        }
        return {
          from: query.from,
          to: query.to,
          total: Object.values(counts).reduce((a, b) => a + b, 0),
          assigned: byDirection.assigned ?? 0,
          upgrades: byDirection.upgrade ?? 0,
          downgrades: byDirection.downgrade ?? 0,
          withdrawals: byDirection.withdrawn ?? 0,
          counts,
          movements: page.map(({ _id, _position, ...move }) => ({ eventId: _id, ...move, at: move.at.toISOString() })),
        };
      },
    });
  };
}
