import { isoDateTimeSchema } from '@ctp/contracts';
import { activeCollection } from '@ctp/projections';
import { route } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import type { Document } from 'mongodb';
import { z } from 'zod';
import { tierProjection, type TierMovement } from '../tiers/tier-projection.js';
import type { TierReads } from '../tiers/tier-routes.js';

async function countBy(reads: TierReads, match: Document, field: string): Promise<Record<string, number>> {
  const customers = await activeCollection(reads.db, tierProjection.name, 'tiers');
  const rows = await customers.aggregate<{ _id: string; count: number }>([{ $match: match }, { $group: { _id: `$${field}`, count: { $sum: 1 } } }]).toArray();
  return Object.fromEntries(rows.map((row) => [row._id, row.count]));
}

export function distributionRoutes(reads: TierReads) {
  return async (app: FastifyInstance) => {
    route(app, {
      method: 'GET', url: '/v1/tiers/distribution', operationId: 'getTierDistribution', tags: ['tiers'],
      summary: 'Customers per tier served now (overrides counted at their tier), and per computed tier; withdrawn customers (merged away, erased) are not counted',
      roles: ['agent', 'analyst', 'auditor', 'admin'],
      responses: { 200: { description: 'Counts per tier', schema: z.object({ served: z.record(z.string(), z.int()), computed: z.record(z.string(), z.int()), overridden: z.int(), total: z.int() }) } },
      handler: async () => {
        const [computed, notOverridden, overridden] = await Promise.all([
          countBy(reads, { computedTier: { $ne: null } }, 'computedTier'),
          countBy(reads, { override: null, computedTier: { $ne: null } }, 'computedTier'),
          countBy(reads, { 'override.tier': { $exists: true } }, 'override.tier'),
        ]);
        const served = { ...notOverridden };
        for (const [tier, count] of Object.entries(overridden)) served[tier] = (served[tier] ?? 0) + count;
        const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
        return { served, computed, overridden: sum(overridden), total: sum(served) };
      },
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
