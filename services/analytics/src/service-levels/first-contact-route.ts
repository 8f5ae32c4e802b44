import { route } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import { analyticsReaders, type AreaReads } from '../area.js';
import { periodOf } from '../metrics/period.js';
import { answerTable, tableResponse } from '../metrics/table.js';
import { firstContactAnswer } from './first-contact-table.js';
import { firstContactQuery } from './service-level-query.js';
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
        const { rows, windowOpen, solved, countedUpTo } = await firstContactAnswer(reads, period, query, query.minPosition);
        const meta = {
          ...tableMeta(reads, period, 'first-contact', firstContactDefinitions, query), windowOpen,
          note: `${windowOpen} of ${solved} solved cases were resolved less than 7 days before asOf: a repeat may still come`,
          ...(countedUpTo === null ? {} : { countedUpTo }),
        };
        return answerTable(reply, query.format, `service-levels-first-contact-${query.from}-${query.to}`, { columns: [...query.groupBy, ...numbers], rows }, meta);
      },
    });
  };
}
