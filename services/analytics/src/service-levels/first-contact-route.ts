import { route } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import { analyticsReaders } from '../area.js';
import { drillLink } from '../metrics/drill.js';
import { groupRows } from '../metrics/grouping.js';
import { monthIn, periodOf } from '../metrics/period.js';
import { answerTable, tableResponse } from '../metrics/table.js';
import { minutesOf } from './compliance.js';
import { caseDimensionOf, caseDimensions } from './dimensions.js';
import { assessResolved } from './first-contact-facts.js';
import { firstContactOf } from './first-contact.js';
import { firstContactQuery } from './service-level-query.js';
import type { AreaReads } from '../area.js';
import { serviceLevelFacts } from './service-level-reads.js';
import { serviceLevelsPath, tableMeta } from './tables.js';

const numbers = ['solved', 'atFirstContact', 'repeated', 'fcr', 'fcrCases', 'windowOpen', 'waited', 'averageWaitMs', 'averageWaitMinutes', 'p90WaitMs', 'p90WaitMinutes', 'drill', 'drillFcr'];

export const firstContactDefinitions = {
  fcr: 'issues solved at first contact with no repeat within 7 days / issues solved (domain.md section 5)',
  solved: 'cases whose first resolution (CaseStatusChanged to resolved) fell in the period; month: the month of that resolution, business time zone',
  atFirstContact: 'at most one agent reply (CaseReplied), no customer message (CaseCustomerWrote) after the first reply, never reopened',
  repeat: 'the same customer opened another case within 7 days (168 h) after the resolution',
  windowOpen: 'solved cases resolved less than 7 days before asOf: counted, though a repeat may still come',
  averageWait: 'mean and p90 (nearest rank) of elapsedMs of the stopped first_response clocks of the solved cases (domain.md section 6: average wait under 15 minutes), business time on business targets',
  dimensions: 'tier: the tier at the case start; team: the last team the case was given to (none if never)',
};

export function firstContactRoute(reads: AreaReads) {
  return async (app: FastifyInstance) => {
    route(app, {
      method: 'GET', url: `${serviceLevelsPath}/first-contact`, operationId: 'getFirstContactResolution', tags: ['analytics'],
      summary: 'First-contact resolution (solved at first contact, no repeat within 7 days / solved) and the average wait to the first response, by tier, channel, type, team and month of resolution; each row drills to its cases',
      roles: analyticsReaders,
      query: firstContactQuery,
      responses: tableResponse('The table'),
      handler: async ({ query, reply }) => {
        await reads.readYourWrites(query.minPosition);
        const period = periodOf(query.from, query.to, reads.timeZone);
        const now = reads.clock();
        const facts = await serviceLevelFacts(reads.db);
        const solved = await assessResolved(facts, await facts.cases(query, { resolvedAt: { $gte: new Date(period.startMs), $lt: new Date(period.endMs) } }), now);
        const firstResponses = await facts.clocksOf(solved.map(({ fact }) => fact), 'first_response');
        const valueOf = ({ fact }: (typeof solved)[number], dimension: string) =>
          dimension === 'month' ? monthIn(fact.resolvedAt.getTime(), reads.timeZone) : caseDimensionOf(fact, dimension as (typeof caseDimensions)[number]);
        const groups = query.groupBy.length === 0 ? [{ key: {}, rows: solved }] : groupRows(solved, query.groupBy, valueOf);
        const rows = groups.map(({ key, rows: members }) => {
          const ids = new Set(members.map(({ fact }) => fact._id));
          const cell = firstContactOf(members.map(({ assessment }) => assessment), firstResponses.filter(({ caseId }) => ids.has(caseId)));
          const filters = { ...Object.fromEntries(caseDimensions.map((dimension) => [dimension, query[dimension]])), ...key, month: undefined, ...('month' in key ? { resolvedMonth: key.month } : { resolvedFrom: query.from, resolvedTo: query.to }) };
          return {
            ...key,
            solved: cell.solved, atFirstContact: cell.atFirstContact, repeated: cell.repeated,
            fcr: cell.fcr.value, fcrCases: cell.fcr.numerator, windowOpen: cell.windowOpen,
            waited: cell.waited, averageWaitMs: cell.averageWaitMs, averageWaitMinutes: minutesOf(cell.averageWaitMs), p90WaitMs: cell.p90WaitMs, p90WaitMinutes: minutesOf(cell.p90WaitMs),
            drill: drillLink(`${serviceLevelsPath}/cases`, filters),
            drillFcr: drillLink(`${serviceLevelsPath}/cases`, { ...filters, fcr: 'yes' }),
          };
        });
        const windowOpen = solved.filter(({ assessment }) => assessment.windowOpen).length;
        const meta = { ...tableMeta(reads, period, 'first-contact', firstContactDefinitions, query), windowOpen, note: `${windowOpen} of ${solved.length} solved cases were resolved less than 7 days before asOf: a repeat may still come` };
        return answerTable(reply, query.format, `service-levels-first-contact-${query.from}-${query.to}`, { columns: [...query.groupBy, ...numbers], rows }, meta);
      },
    });
  };
}
