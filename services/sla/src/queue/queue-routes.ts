import { isoDateSchema } from '@ctp/contracts';
import { activeCollection, pointedCollection, readPointer } from '@ctp/projections';
import { route, type ReadYourWrites } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import type { Db } from 'mongodb';
import { z } from 'zod';
import { caseProjection, type CaseDocument } from './case-projection.js';
import { scopedQueuePage, scopeOf, type CaseScope } from './case-scopes.js';
import { pauseSumsOf } from './pause-reads.js';
import { listedQueuePage, listOf, listsAnswer } from './queue-lists-reads.js';
import { queueListDocuments } from './queue-lists-store.js';
import type { PauseSum } from './pause-sums.js';
import { queueItem, type QueueLine } from './queue-item.js';
import { queuePage } from './queue-order.js';
import { queueFilter, queueQuerySchema, type QueueQuery } from './queue-query.js';

export interface CaseReads {
  readonly db: Db;
  /** Waits for the cases read model to pass a position a command answered. */
  readonly readYourWrites: ReadYourWrites;
}

const anyObject = z.record(z.string(), z.unknown());
const maxPauseDays = 366;

const pausesQuerySchema = z
  .strictObject({
    from: isoDateSchema.describe('first UTC day, YYYY-MM-DD'),
    to: isoDateSchema.describe('last UTC day, included'),
    agent: z.string().min(1).max(100).optional(),
  })
  .refine(({ from, to }) => from <= to, { message: 'to must not be before from', path: ['to'] })
  .refine(({ from, to }) => Date.parse(to) - Date.parse(from) < maxPauseDays * 86_400_000, { message: `at most ${maxPauseDays} days`, path: ['to'] });

export function queueRoutes(reads: CaseReads) {
  const lists = queueListDocuments(reads.db);
  const page = async (query: QueueQuery): Promise<{ total: number; lines: QueueLine[] }> => {
    const [scope, list] = [scopeOf(query), listOf(query)];
    // One read of the pointer: it names the collections, and whether this version keeps caseScopes.
    const [pointer, listed] = await Promise.all([readPointer(reads.db, caseProjection.name), list !== null && listsAnswer(lists, query.minPosition)]);
    if (list !== null && listed) return listedQueuePage(lists, list, query.offset, query.limit);
    const cases = pointedCollection<CaseDocument & { _id: string }>(reads.db, pointer, 'cases');
    // A version built before caseScopes (version 1, until rebuilt) answers every query by the filter.
    const scopesBuilt = pointer === null || 'caseScopes' in pointer.collections;
    const { total, documents } =
      scope !== null && scopesBuilt
        ? await scopedQueuePage(pointedCollection<CaseScope & { _id: string }>(reads.db, pointer, 'caseScopes'), cases, scope, query)
        : await queuePage(cases, queueFilter(query), query.offset, query.limit);
    return { total, lines: documents.map(queueItem) };
  };
  return async (app: FastifyInstance) => {
    route(app, {
      method: 'GET', url: '/v1/cases', operationId: 'listCases', tags: ['cases'],
      summary:
        'The agents’ queue (read model; minPosition waits for it): cases by the next deadline of a running clock (none last), then opening; ' +
        'filters combine; view at_risk, breached or open. No personal data: the subject is on GET /v1/cases/{id}',
      roles: ['agent', 'analyst', 'admin'],
      query: queueQuerySchema,
      responses: {
        200: { description: 'A page of the queue', schema: z.object({ total: z.int(), offset: z.int(), limit: z.int(), nextOffset: z.int().nullable(), cases: z.array(anyObject) }) },
      },
      handler: async ({ query }) => {
        await reads.readYourWrites(query.minPosition);
        const { total, lines } = await page(query);
        const nextOffset = query.offset + query.limit < total ? query.offset + query.limit : null;
        return { total, offset: query.offset, limit: query.limit, nextOffset, cases: lines };
      },
    });
    route(app, {
      method: 'GET', url: '/v1/sla/pauses', operationId: 'getSlaPauses', tags: ['cases'],
      summary:
        'Pause misuse: time cases waited (waiting_on_customer, waiting_on_third_party) per agent who put them there and per status, ' +
        'over UTC days [from, to], from sums the read model keeps per day; a wait counts on the days it covered once it ended',
      roles: ['analyst', 'admin'],
      query: pausesQuerySchema,
      responses: { 200: { description: 'Time paused per agent and status, longest first', schema: z.object({ from: z.string(), to: z.string(), totals: z.array(anyObject) }) } },
      handler: async ({ query }) => {
        const sums = await pauseSumsOf(await activeCollection<PauseSum & { _id: string }>(reads.db, caseProjection.name, 'pauses'), query.from, query.to, query.agent);
        const totals = new Map<string, { agent: string; status: string; pausedMs: number; pauses: number }>();
        for (const sum of sums) {
          const key = JSON.stringify([sum.agent, sum.status]);
          const total = totals.get(key) ?? { agent: sum.agent, status: sum.status, pausedMs: 0, pauses: 0 };
          totals.set(key, { ...total, pausedMs: total.pausedMs + sum.pausedMs, pauses: total.pauses + sum.pauses });
        }
        const rows = [...totals.values()].map((row) => ({ ...row, pausedHours: Math.round(row.pausedMs / 36_000) / 100 }));
        return { from: query.from, to: query.to, totals: rows.toSorted((a, b) => b.pausedMs - a.pausedMs || a.agent.localeCompare(b.agent)) };
      },
    });
  };
}
