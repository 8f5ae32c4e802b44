import { isoDateSchema } from '@ctp/contracts';
import { activeCollection } from '@ctp/projections';
import { readYourWritesQuery, route, type ReadYourWrites } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import type { Db, Filter } from 'mongodb';
import { z } from 'zod';
import { contactProjection, type CoverageCount, type ObligationDocument } from './contact-projection.js';
import { coverageFromDays } from './coverage-reads.js';
import { coverageOf } from './coverage.js';
import { overdueFromLists } from './overdue-reads.js';

export interface ContactReads {
  readonly db: Db;
  readonly readYourWrites: ReadYourWrites;
  /** How long `minPosition` waits for the overdue follower (READ_WAIT_TIMEOUT_MS). */
  readonly readWaitMs?: number;
}

const owner = {
  tier: z.string().regex(/^[a-z][a-z0-9_]{0,31}$/).optional(),
  team: z.string().min(1).max(100).optional(),
  manager: z.string().min(1).max(100).optional().describe('account manager'),
};
const maxDays = 1100;
const coverageQuery = z
  .strictObject({ ...owner, from: isoDateSchema.describe('first due day (business time zone)'), to: isoDateSchema.describe('last due day, included'), ...readYourWritesQuery })
  .refine(({ from, to }) => from <= to, { message: 'to must not be before from', path: ['to'] })
  .refine(({ from, to }) => Date.parse(to) - Date.parse(from) < maxDays * 86_400_000, { message: `at most ${maxDays} days`, path: ['to'] });
const overdueQuery = z.strictObject({ ...owner, limit: z.coerce.number().int().min(1).max(500).default(100), offset: z.coerce.number().int().min(0).max(100_000).default(0), ...readYourWritesQuery });
const rows = z.array(z.record(z.string(), z.unknown()));

function ownerFilter<T>({ tier, team, manager }: { tier?: string | undefined; team?: string | undefined; manager?: string | undefined }): Filter<T> {
  return { ...(tier ? { tier } : {}), ...(team ? { team } : {}), ...(manager ? { accountManager: manager } : {}) } as Filter<T>;
}

const overdueItem = ({ _id, customerId, kind, reason, dueAt, dueOn, tier, team, accountManager, overdueAt, escalation }: ObligationDocument) => ({ obligationId: _id, customerId, kind, reason, dueAt, dueOn, tier, team, accountManager, overdueAt, escalation: escalation ?? null });

export function contactReadRoutes(reads: ContactReads) {
  const collection = <T extends { _id: string }>(name: 'obligations' | 'coverage') => activeCollection<T>(reads.db, contactProjection.name, name);
  return async (app: FastifyInstance) => {
    route(app, {
      method: 'GET', url: '/v1/contacts/coverage', operationId: 'getContactCoverage', tags: ['contacts'],
      summary: 'Contact coverage % = fulfilled / due for obligations due on [from, to], in total and per tier, team and account manager (counts per due day the coverage follower keeps; minPosition waits for it)',
      roles: ['analyst', 'admin'],
      query: coverageQuery,
      responses: { 200: { description: 'Counts and coverage %', schema: z.object({ from: z.string(), to: z.string(), total: z.record(z.string(), z.unknown()), byTier: rows, byTeam: rows, byAccountManager: rows }) } },
      handler: async ({ query }) => {
        const fromDays = await coverageFromDays(reads.db, query, reads.readWaitMs ?? 5_000);
        if (fromDays !== null) return { from: query.from, to: query.to, ...fromDays };
        await reads.readYourWrites(query.minPosition);
        const counts = await (await collection<CoverageCount>('coverage')).find({ dueOn: { $gte: query.from, $lte: query.to }, ...ownerFilter<CoverageCount>(query) }).toArray();
        return { from: query.from, to: query.to, ...coverageOf(counts) };
      },
    });
    route(app, {
      method: 'GET', url: '/v1/contacts/overdue', operationId: 'listOverdueContacts', tags: ['contacts'],
      summary: 'Overdue contact obligations, the longest overdue first, with their escalation; filter by tier, team or account manager (from pages the overdue follower keeps; two of them at once from the obligations read model)',
      roles: ['agent', 'analyst', 'admin'],
      query: overdueQuery,
      responses: { 200: { description: 'A page of overdue obligations', schema: z.object({ total: z.int(), offset: z.int(), limit: z.int(), obligations: rows }) } },
      handler: async ({ query }) => {
        const fromLists = await overdueFromLists(reads.db, query, reads.readWaitMs ?? 5_000);
        if (fromLists !== null) return fromLists;
        await reads.readYourWrites(query.minPosition);
        const obligations = await collection<ObligationDocument>('obligations');
        const filter = { status: 'overdue', ...ownerFilter<ObligationDocument>(query) } as Filter<ObligationDocument>;
        const [total, page] = await Promise.all([obligations.countDocuments(filter), obligations.find(filter).sort({ dueAt: 1, _id: 1 }).skip(query.offset).limit(query.limit).toArray()]);
        return { total, offset: query.offset, limit: query.limit, obligations: page.map(overdueItem) };
      },
    });
  };
}
