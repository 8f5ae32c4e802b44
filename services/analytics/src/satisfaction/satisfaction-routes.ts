import { readYourWritesQuery, route } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { analyticsReaders, type AreaContext } from '../area.js';
import { eventsLink } from '../metrics/drill.js';
import { monthIn, monthSchema } from '../metrics/period.js';
import { dimensionFilter, formatQuery, listOf, pageQuery, periodChecks, periodQuery } from '../metrics/query.js';
import { answerTable, tableResponse } from '../metrics/table.js';
import { answersPage } from './answer-listing.js';
import type { InvitationDocument } from './invitation-projection.js';
import { satisfactionDimensions, type SurveyFilters } from './survey-facts.js';
import { trendDefinitions, trendFigureColumns } from './satisfaction-trend.js';
import { answersPath, satisfactionTrendRows } from './trend-table.js';

const segmentFilters = {
  tier: dimensionFilter.describe('a tier id, or none'),
  channel: dimensionFilter.describe('a case channel, or none (relationship surveys)'),
  kind: dimensionFilter.describe('transactional or relationship'),
};
const trendQuery = z
  .strictObject({ ...periodQuery, groupBy: listOf(satisfactionDimensions).describe('some of month, tier, channel, kind'), ...segmentFilters, ...formatQuery, ...readYourWritesQuery })
  .superRefine(periodChecks);
const answersQuery = z
  .strictObject({
    from: monthSchema.optional().describe('first month of invitation'),
    to: monthSchema.optional().describe('last month of invitation, included'),
    month: monthSchema.optional().describe('the month of invitation'),
    ...segmentFilters,
    answered: z.enum(['yes', 'no']).optional(),
    csat: z.enum(['satisfied', 'unsatisfied']).optional().describe('satisfied: CSAT 4 or 5; unsatisfied: 1-3'),
    nps: z.enum(['promoter', 'passive', 'detractor']).optional().describe('9-10, 7-8, 0-6'),
    ...pageQuery,
    ...formatQuery,
    ...readYourWritesQuery,
  })
  .refine(({ from, to }) => from === undefined || to === undefined || from <= to, { message: 'must not be before from', path: ['to'] });

const answerColumns = ['invitationId', 'customerId', 'status', 'month', 'kind', 'tier', 'channel', 'caseId', 'sampleId', 'invitedAt', 'answeredAt', 'csat', 'nps', 'ces', 'dimensions', 'events', 'trace'];

/** The satisfaction trend (CSAT, NPS, CES, dimensions, response rate) and the invitations behind each row. */
export function satisfactionRoutes({ readModel, timeZone, clock }: AreaContext) {
  return async (app: FastifyInstance) => {
    route(app, {
      method: 'GET', url: '/v1/analytics/satisfaction/trend', operationId: 'getSatisfactionTrend', tags: ['analytics'],
      summary: 'Survey invitations, response rate, CSAT, NPS, CES and dimension scores per month invited, tier, channel and kind, each with its sample size and a drill link to the invitations behind it',
      roles: analyticsReaders,
      query: trendQuery,
      responses: tableResponse('A table'),
      handler: async ({ query, reply }) => {
        await readModel.readYourWrites(query.minPosition);
        const rows = await satisfactionTrendRows(readModel.db, timeZone, query, query.minPosition);
        const meta = { period: { from: query.from, to: query.to }, timeZone, groupBy: query.groupBy, filters: { tier: query.tier, channel: query.channel, kind: query.kind }, definitions: trendDefinitions, asOf: clock().toISOString() };
        return answerTable(reply, query.format, 'satisfaction-trend', { columns: [...query.groupBy, ...trendFigureColumns, 'drill'], rows }, meta);
      },
    });
    route(app, {
      method: 'GET', url: answersPath, operationId: 'listSatisfactionAnswers', tags: ['analytics'],
      summary: 'The survey invitations behind a satisfaction figure, with their scores (never the free text) and the events they were built from; paged by invitation id',
      roles: analyticsReaders,
      query: answersQuery,
      responses: tableResponse('A page of invitations'),
      handler: async ({ query, reply }) => {
        await readModel.readYourWrites(query.minPosition);
        const { limit, after, format } = query;
        const filters: SurveyFilters = { from: query.from, to: query.to, month: query.month, tier: query.tier, channel: query.channel, kind: query.kind, answered: query.answered, csat: query.csat, nps: query.nps };
        const page = await answersPage(readModel.db, timeZone, filters, { limit, after }, query.minPosition);
        const rows = page.items.map((document) => answerRow(document, timeZone));
        const meta = { filters, timeZone, limit, after: after ?? null, next: page.next, definitions: trendDefinitions, asOf: clock().toISOString() };
        return answerTable(reply, format, 'satisfaction-answers', { columns: answerColumns, rows }, meta);
      },
    });
  };
}

function answerRow(document: InvitationDocument, timeZone: string) {
  const { _id, customerId, status, kind, tier, channel, caseId, sampleId, invitedAt, answeredAt, csat, nps, ces, dimensions, trace } = document;
  return {
    invitationId: _id, customerId, status, month: invitedAt ? monthIn(invitedAt.getTime(), timeZone) : null, kind, tier, channel, caseId: caseId ?? null, sampleId: sampleId ?? null,
    invitedAt, answeredAt: answeredAt ?? null, csat: csat ?? null, nps: nps ?? null, ces: ces ?? null, dimensions: dimensions ?? {}, events: eventsLink(trace), trace,
  };
}
