import { route } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import { analyticsReaders } from '../area.js';
import { periodOf } from '../metrics/period.js';
import { answerTable, tableResponse } from '../metrics/table.js';
import { complianceAnswer } from './compliance-table.js';
import { complianceQuery } from './service-level-query.js';
import type { AreaReads } from '../area.js';
import { serviceLevelsPath, tableMeta } from './tables.js';

const numbers = ['met', 'breached', 'running', 'stopped', 'compliance', 'decided', 'timed', 'elapsedP50Ms', 'elapsedP90Ms', 'elapsedP50Hours', 'elapsedP90Hours', 'drill', 'drillBreached'];

export const complianceDefinitions = {
  compliance: 'met / (met + breached) over the clock cycles of the cases opened in the period (month: the month the case was opened, business time zone); running clocks and clocks stopped by a close or merge before any verdict (stopped) are counted apart',
  outcome: 'met: SlaMet, or a breach retracted as answered_in_time; breached: SlaBreached not retracted; a retraction for a moved deadline puts the clock back to running',
  elapsed: 'p50 and p90 (nearest rank) of elapsedMs of SlaMet and SlaClockStopped of met and breached clocks: the time the clock counted (business time on business targets), in ms and hours',
  dimensions: 'tier: the tier at the case start; priority: the latest; team: the last team the case was given to (none if never)',
};

export function complianceRoute(reads: AreaReads) {
  return async (app: FastifyInstance) => {
    route(app, {
      method: 'GET', url: `${serviceLevelsPath}/compliance`, operationId: 'getServiceLevelCompliance', tags: ['analytics'],
      summary: 'SLA compliance = met / (met + breached) per clock cycle, with p50/p90 of the time counted, by metric, tier, channel, type, priority, team and month opened; each row drills to its clocks',
      roles: analyticsReaders,
      query: complianceQuery,
      responses: tableResponse('The table'),
      handler: async ({ query, reply }) => {
        await reads.readYourWrites(query.minPosition);
        const period = periodOf(query.from, query.to, reads.timeZone);
        const { rows, countedUpTo } = await complianceAnswer(reads.db, reads.timeZone, query, query.minPosition);
        const meta = { ...tableMeta(reads, period, 'compliance', complianceDefinitions, query), ...(countedUpTo === null ? {} : { countedUpTo }) };
        return answerTable(reply, query.format, `service-levels-compliance-${query.from}-${query.to}`, { columns: [...query.groupBy, ...numbers], rows }, meta);
      },
    });
  };
}
