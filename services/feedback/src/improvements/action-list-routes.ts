import { isoDateIn } from '@ctp/calendar';
import { entityIdSchema, improvementStatuses } from '@ctp/contracts';
import { activeCollection } from '@ctp/projections';
import { readYourWritesQuery, route, type ReadYourWrites } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import type { Db, Filter } from 'mongodb';
import { z } from 'zod';
import { improvementActionListProjection, type ActionDocument } from './action-list-projection.js';

export interface ActionListReads {
  readonly db: Db;
  readonly readYourWrites: ReadYourWrites;
  readonly timeZone: string;
  readonly clock: () => Date;
}

const open = ['planned', 'in_progress'] as const;

const querySchema = z.strictObject({
  status: z.enum(improvementStatuses).optional(),
  owner: entityIdSchema.optional(),
  overdue: z.enum(['true', 'false']).transform((value) => value === 'true').optional().describe('true: planned or in progress after the end of its due date (business time zone)'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  after: entityIdSchema.optional().describe('the `after` of the previous page: actions with a greater id'),
  ...readYourWritesQuery,
});

const actionSchema = z.object({
  actionId: z.string(),
  title: z.string(),
  owner: z.string(),
  status: z.enum(improvementStatuses),
  startsOn: z.string(),
  dueOn: z.string().describe('the due date (business date)'),
  overdue: z.boolean().describe('still planned or in progress after its due date'),
  escalated: z.boolean().describe('its overdue timer escalated it (ImprovementActionOverdue)'),
  createdAt: z.string(),
  scope: z.object({ causes: z.array(z.string()), channels: z.array(z.string()), tiers: z.array(z.string()), teams: z.array(z.string()) }),
});

/** Open after the end of its due date: the day the overdue timer escalates it (improvement-timers.ts). */
function overdueFilter(overdue: boolean, today: string): Filter<ActionDocument> {
  return overdue ? { status: { $in: [...open] }, dueDate: { $lt: today } } : { $or: [{ status: { $nin: [...open] } }, { dueDate: { $gte: today } }] };
}

export function actionListRoutes(reads: ActionListReads) {
  return async (app: FastifyInstance) => {
    route(app, {
      method: 'GET', url: '/v1/improvement-actions', operationId: 'listImprovementActions', tags: ['improvements'],
      summary: 'Improvement actions (read model), by id: filter by status, owner and overdue (open after its due date); pages of at most 200, the next from `after`',
      roles: ['admin', 'agent', 'analyst'],
      query: querySchema,
      responses: { 200: { description: 'A page of actions and the `after` of the next (null: the last page)', schema: z.object({ actions: z.array(actionSchema), after: z.string().nullable() }) } },
      handler: async ({ query }) => {
        await reads.readYourWrites(query.minPosition);
        const today = isoDateIn(reads.clock().getTime(), reads.timeZone);
        const parts: Filter<ActionDocument>[] = [
          ...(query.status ? [{ status: query.status }] : []),
          ...(query.owner ? [{ owner: query.owner }] : []),
          ...(query.overdue === undefined ? [] : [overdueFilter(query.overdue, today)]),
          ...(query.after ? [{ _id: { $gt: query.after } }] : []),
        ];
        const collection = await activeCollection<ActionDocument>(reads.db, improvementActionListProjection.name, 'actions');
        const found = await collection.find(parts.length === 0 ? {} : { $and: parts }).sort({ _id: 1 }).limit(query.limit + 1).toArray();
        const page = found.slice(0, query.limit);
        return {
          actions: page.map((action) => ({
            actionId: action._id, title: action.title, owner: action.owner, status: action.status, startsOn: action.startsOn, dueOn: action.dueDate,
            overdue: (open as readonly string[]).includes(action.status) && action.dueDate < today, escalated: action.escalatedAt !== null,
            createdAt: action.createdAt.toISOString(), scope: action.scope,
          })),
          after: found.length > query.limit ? page.at(-1)!._id : null,
        };
      },
    });
  };
}
