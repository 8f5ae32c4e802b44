import { readYourWritesQuery, route } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { analyticsReaders, type AreaContext } from '../area.js';
import { eventsLink } from '../metrics/drill.js';
import { monthSchema } from '../metrics/period.js';
import { formatQuery, pageQuery } from '../metrics/query.js';
import { answerTable, tableResponse } from '../metrics/table.js';
import { complaintFactOf, type ComplaintFact, type ComplaintFilters } from './complaint-facts.js';
import { complaintDefinitions } from './complaint-figures.js';
import { complaintsPage } from './complaint-listing.js';
import { complaintReads, complaintsPath, flagFilter, ownerFilters } from './complaint-reads.js';
import { cycleDefinitions } from './cycle-time.js';

const listingQuery = z
  .strictObject({
    from: monthSchema.optional().describe('opened from this month'),
    to: monthSchema.optional().describe('opened up to this month, included'),
    month: monthSchema.optional().describe('the month opened'),
    resolvedMonth: monthSchema.optional().describe('the month of the first resolution'),
    ...ownerFilters,
    cause: z.string().regex(/^[a-z][a-z0-9_]{0,49}$/).optional().describe('a root cause code, or none: complaints without a cause'),
    repeat: flagFilter.describe('yes: flagged as a repeat complaint'),
    open: flagFilter.describe('yes: neither resolved nor closed'),
    ...pageQuery,
    ...formatQuery,
    ...readYourWritesQuery,
  })
  .refine(({ from, to }) => from === undefined || to === undefined || from <= to, { message: 'must not be before from', path: ['to'] });

const columns = ['caseId', 'customerId', 'month', 'resolvedMonth', 'tier', 'channel', 'team', 'causes', 'repeat', 'openedAt', 'resolvedAt', 'closedAt', 'cycleDays', 'events', 'trace'];

/** The complaints behind every complaint figure (its drill target), paged by case id. */
export function complaintListingRoute(context: AreaContext) {
  const { readModel, timeZone, clock } = context;
  const reads = complaintReads(context);
  return async (app: FastifyInstance) => {
    route(app, {
      method: 'GET', url: complaintsPath, operationId: 'listAnalyticsComplaints', tags: ['analytics'],
      summary: 'The complaints behind a complaint figure: month opened, first resolution, tier, channel, team, causes, repeat flag, cycle time in working days and the events each was built from; paged by case id',
      roles: analyticsReaders,
      query: listingQuery,
      responses: tableResponse('A page of complaints'),
      handler: async ({ query, reply }) => {
        await readModel.readYourWrites(query.minPosition);
        const { limit, after, format } = query;
        const filters: ComplaintFilters = { from: query.from, to: query.to, month: query.month, resolvedMonth: query.resolvedMonth, tier: query.tier, channel: query.channel, team: query.team, cause: query.cause, repeat: query.repeat, open: query.open };
        const [page, { calendarMeta, cycleDaysOf }] = await Promise.all([complaintsPage(reads, readModel.db, timeZone, filters, { limit, after }, query.minPosition), reads.cycleCalendar()]);
        const rows = page.items.flatMap((document) => {
          const fact = complaintFactOf(document, timeZone);
          return fact ? [listingRow(fact, cycleDaysOf(fact))] : [];
        });
        const meta = { filters, timeZone, limit, after: after ?? null, next: page.next, calendar: calendarMeta, definitions: { month: complaintDefinitions.month, ...cycleDefinitions }, asOf: clock().toISOString() };
        return answerTable(reply, format, 'complaints', { columns, rows }, meta);
      },
    });
  };
}

function listingRow(fact: ComplaintFact, cycleDays: number | null) {
  const { caseId, customerId, month, resolvedMonth, tier, channel, team, causes, repeat, openedAt, resolvedAt, closedAt, trace } = fact;
  const instant = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return { caseId, customerId, month, resolvedMonth, tier, channel, team, causes, repeat, openedAt: instant(openedAt), resolvedAt: instant(resolvedAt), closedAt: instant(closedAt), cycleDays, events: eventsLink(trace), trace };
}
