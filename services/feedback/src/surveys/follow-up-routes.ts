import { pointedCollection, readPointer } from '@ctp/projections';
import { readYourWritesQuery, route, type ReadYourWrites } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import type { Db } from 'mongodb';
import { z } from 'zod';
import { followUpItemSchema, followUpListKey } from '../domain/surveys/follow-up-lists.js';
import { readList } from '../lists/paged-lists.js';
import { followUpListDocuments, followUpsHeadId } from './follow-up-follower.js';
import { followUpItemOf } from './follow-up-items.js';
import { followUpProjection, type FollowUpDocument } from './follow-up-projection.js';

export interface FollowUpReads {
  readonly db: Db;
  readonly readYourWrites: ReadYourWrites;
  /** How long `minPosition` waits for the follow-up lists' follower (READ_WAIT_TIMEOUT_MS). */
  readonly readWaitMs?: number;
}

const querySchema = z.strictObject({
  owner: z.string().min(1).max(100).optional().describe('an agent or team id'),
  status: z.enum(['open', 'overdue', 'done']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
  ...readYourWritesQuery,
});


export function followUpReadRoutes(reads: FollowUpReads) {
  return async (app: FastifyInstance) => {
    route(app, {
      method: 'GET', url: '/v1/follow-ups', operationId: 'listFollowUps', tags: ['surveys'],
      summary: 'Follow-ups of poor answers, earliest deadline first: filter by owner and status (open, overdue, done). From pages the follow-up follower keeps once it has caught up, from the read model before',
      roles: ['agent', 'analyst', 'admin'],
      query: querySchema,
      responses: { 200: { description: 'A page', schema: z.object({ total: z.int(), followUps: z.array(followUpItemSchema) }) } },
      handler: async ({ query }) => {
        const fromLists = await readList(followUpListDocuments(reads.db), followUpsHeadId, { key: followUpListKey(query), ...query }, reads.readWaitMs ?? 5_000, (head) => head.caughtUp);
        if (fromLists !== null) return { total: fromLists.total, followUps: fromLists.items };
        await reads.readYourWrites(query.minPosition);
        const pointer = await readPointer(reads.db, followUpProjection.name);
        // A read model built by version 1 (deployed before ownerId, until rebuilt) finds an owner by the dotted path, slowly but rightly.
        const ownerField = pointer === null || pointer.definitionVersion >= 2 ? 'ownerId' : 'owner.id';
        const filter = { ...(query.owner ? { [ownerField]: query.owner } : {}), ...(query.status ? { status: query.status } : {}) };
        const collection = pointedCollection<FollowUpDocument>(reads.db, pointer, 'followUps');
        const [total, page] = await Promise.all([collection.countDocuments(filter), collection.find(filter).sort({ dueAt: 1, _id: 1 }).skip(query.offset).limit(query.limit).toArray()]);
        return {
          total,
          followUps: page.map(followUpItemOf),
        };
      },
    });
  };
}
