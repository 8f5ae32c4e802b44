import { route } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import { analyticsReaders } from '../area.js';
import { eventsLink } from '../metrics/drill.js';
import { monthIn } from '../metrics/period.js';
import { answerTable, tableResponse } from '../metrics/table.js';
import { hoursOf, outcomeOf } from './compliance.js';
import { caseDimensionOf, openedMonthOf } from './dimensions.js';
import type { CaseFact, ClockFact } from './facts.js';
import type { FirstContactAssessment } from './first-contact.js';
import { casePage, clockPage } from './listing-pages.js';
import type { ClockCase } from './month-listings.js';
import { caseListingQuery, clockListingQuery } from './service-level-query.js';
import type { AreaReads } from '../area.js';
import { serviceLevelsPath } from './tables.js';

const clockColumns = ['clockId', 'caseId', 'metric', 'cycle', 'month', 'tier', 'channel', 'type', 'priority', 'team', 'outcome', 'startedAt', 'deadline', 'paused', 'targetMs', 'elapsedMs', 'elapsedHours', 'stoppedAt', 'stopReason', 'events', 'trace'];
const caseColumns = ['caseId', 'customerId', 'month', 'tier', 'currentTier', 'channel', 'type', 'priority', 'team', 'status', 'openedAt', 'firstReplyAt', 'replies', 'customerMessages', 'resolvedAt', 'resolvedMonth', 'reopened', 'mergedInto', 'atFirstContact', 'repeatCaseIds', 'fcr', 'windowOpen', 'events', 'trace'];

export function listingRoutes(reads: AreaReads) {
  return async (app: FastifyInstance) => {
    route(app, {
      method: 'GET', url: `${serviceLevelsPath}/clocks`, operationId: 'listServiceLevelClocks', tags: ['analytics'],
      summary: 'The SLA clock cycles behind a compliance cell: each with its case dimensions, outcome, time counted and the events it was built from; paged by id',
      roles: analyticsReaders,
      query: clockListingQuery,
      responses: tableResponse('A page of clocks'),
      handler: async ({ query, reply }) => {
        await reads.readYourWrites(query.minPosition);
        const listed = await clockPage(reads, query);
        const rows = listed.rows.map(({ clock, opened }) => clockRow(clock, opened));
        const meta = { area: 'service-levels', listing: 'clocks', timeZone: reads.timeZone, next: listed.next, asOf: reads.clock().toISOString() };
        return answerTable(reply, query.format, 'service-levels-clocks', { columns: clockColumns, rows }, meta);
      },
    });
    route(app, {
      method: 'GET', url: `${serviceLevelsPath}/cases`, operationId: 'listServiceLevelCases', tags: ['analytics'],
      summary: 'The cases behind a first-contact cell: each with its dimensions, replies, resolution, first-contact verdict and the events it was built from; paged by id',
      roles: analyticsReaders,
      query: caseListingQuery,
      responses: tableResponse('A page of cases'),
      handler: async ({ query, reply }) => {
        await reads.readYourWrites(query.minPosition);
        const listed = await casePage(reads, query);
        const rows = listed.rows.map(({ fact, assessment }) => caseRow(fact, assessment, reads.timeZone));
        const meta = { area: 'service-levels', listing: 'cases', timeZone: reads.timeZone, next: listed.next, asOf: reads.clock().toISOString() };
        return answerTable(reply, query.format, 'service-levels-cases', { columns: caseColumns, rows }, meta);
      },
    });
  };
}

function clockRow(clock: ClockFact, { month, dimensions }: ClockCase) {
  return {
    clockId: clock._id, caseId: clock.caseId, metric: clock.metric, cycle: clock.cycle,
    month, tier: dimensions.tier, channel: dimensions.channel, type: dimensions.type, priority: dimensions.priority, team: dimensions.team,
    outcome: outcomeOf(clock), startedAt: clock.startedAt, deadline: clock.deadline, paused: clock.paused, targetMs: clock.targetMs,
    elapsedMs: clock.elapsedMs, elapsedHours: hoursOf(clock.elapsedMs), stoppedAt: clock.stoppedAt, stopReason: clock.stopReason,
    events: eventsLink(clock.trace), trace: clock.trace,
  };
}

function caseRow(fact: CaseFact, assessment: FirstContactAssessment | undefined, timeZone: string) {
  return {
    caseId: fact._id, customerId: fact.customerId, month: openedMonthOf(fact, timeZone), tier: caseDimensionOf(fact, 'tier'), currentTier: fact.tier ?? null,
    channel: fact.channel, type: fact.type, priority: fact.priority, team: caseDimensionOf(fact, 'team'), status: fact.status,
    openedAt: fact.openedAt, firstReplyAt: fact.firstReplyAt ?? null, replies: fact.replies, customerMessages: fact.customerMessages,
    resolvedAt: fact.resolvedAt ?? null, resolvedMonth: fact.resolvedAt ? monthIn(fact.resolvedAt.getTime(), timeZone) : null, reopened: fact.reopened, mergedInto: fact.mergedInto ?? null,
    atFirstContact: assessment?.atFirstContact ?? null, repeatCaseIds: assessment?.repeatCaseIds ?? null, fcr: assessment ? (assessment.fcr ? 'yes' : 'no') : null, windowOpen: assessment?.windowOpen ?? null,
    events: eventsLink(fact.trace), trace: fact.trace,
  };
}
