import { activeCollection } from '@ctp/projections';
import { followedHead, readYourWritesQuery, route } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AreaContext } from '../../area.js';
import { contactFactProjection, type ContactFactDocument, type WinBackTaskDocument } from '../../contacts/contact-fact-projection.js';
import { formatQuery, pageQuery } from '../../metrics/query.js';
import { answerTable, tableResponse } from '../../metrics/table.js';
import { entriesOf, readWinBackList, type WinBackEntries } from './win-back-list.js';
import { winBackColumns, winBackRows, winBackStatuses } from './win-back-tasks.js';

const query = z.strictObject({
  status: z.enum(['all', 'open', ...winBackStatuses]).default('open').describe('open: requested or open (not yet fulfilled); all: every task'),
  customerId: z.string().min(1).max(200).optional(),
  limit: pageQuery.limit,
  ...formatQuery,
  ...readYourWritesQuery,
});

/**
 * The tasks and their obligations from the win-back list once its follower has caught up (one read by `_id`; it waits
 * for `minPosition` there), else from the contact facts read model (every task, and the win-back obligations by their
 * indexed reason); one customer's always from the facts, by their indexed customerId (fewer than the whole list).
 */
async function winBackEntries(readModel: AreaContext['readModel'], customerId: string | undefined, minPosition: string | undefined): Promise<WinBackEntries> {
  const list = customerId === undefined ? await readWinBackList(readModel.db) : null;
  if (list?.caughtUp === true) {
    return entriesOf(minPosition === undefined ? list : await followedHead({ name: 'analytics-win-back-list', read: () => readWinBackList(readModel.db) }, minPosition, 5_000));
  }
  await readModel.readYourWrites(minPosition);
  const [tasks, contacts] = await Promise.all([
    activeCollection<WinBackTaskDocument>(readModel.db, contactFactProjection.name, 'winBackTasks'),
    activeCollection<ContactFactDocument>(readModel.db, contactFactProjection.name, 'contactFacts'),
  ]);
  const filter = customerId === undefined ? {} : { customerId };
  const [taskRows, obligations] = await Promise.all([tasks.find(filter).toArray(), contacts.find({ ...filter, reason: 'win_back' }).toArray()]);
  return { tasks: taskRows, obligations };
}

/** The win-back tasks the daily churn scan asked for, with their contact obligation in feedback's cadence. */
export function winBackRoutes({ readModel, timeZone, clock }: AreaContext) {
  return async (app: FastifyInstance) => {
    route(app, {
      method: 'GET', url: '/v1/analytics/churn/win-back', operationId: 'listWinBackTasks', tags: ['analytics: churn'], roles: ['analyst', 'admin'],
      summary: 'Win-back tasks (one per crossing of the churn threshold), newest first: score, tier, top factors, and the contact obligation feedback planned for it (status requested, open, fulfilled or cancelled)',
      query,
      responses: tableResponse('A table: JSON { meta, columns, rows }'),
      handler: async ({ query: { status, customerId, limit, format, minPosition }, reply }) => {
        const { tasks: taskRows, obligations } = await winBackEntries(readModel, customerId, minPosition);
        const wanted = winBackRows(taskRows, obligations).filter((row) => status === 'all' || row.status === status || (status === 'open' && row.status === 'requested'));
        const meta = { timeZone, asOfClock: clock().toISOString(), status, tasks: wanted.length, statuses: 'requested: no obligation planned yet; open: planned, not fulfilled; fulfilled; cancelled' };
        return answerTable(reply, format, 'win-back-tasks', { columns: winBackColumns, rows: wanted.slice(0, limit) }, meta);
      },
    });
  };
}
