import { readYourWritesQuery, route } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { analyticsReaders, type AreaContext } from '../area.js';
import { drillLink } from '../metrics/drill.js';
import type { GroupKey } from '../metrics/grouping.js';
import { monthsOf, periodOf } from '../metrics/period.js';
import { formatQuery, listOf, periodChecks, periodQuery } from '../metrics/query.js';
import { answerTable, tableResponse } from '../metrics/table.js';
import { activeCustomersPerMonth } from './active-customers.js';
import { complaintDimensions, type ComplaintFilters } from './complaint-facts.js';
import { causesOf, complaintDefinitions, openedCells, ratesOf, repeatsOf, resolvedCells, type MonthCells } from './complaint-figures.js';
import { activeCustomersOfMonths, complaintCells, openedFamily, resolvedFamily } from './complaint-months.js';
import { followedFigureMonthsHead } from '../figure-months/month-store.js';
import { complaintReads, complaintsPath, openedWithin, ownerFilters } from './complaint-reads.js';
import { cycleDefinitions, cycleTimesOf } from './cycle-time.js';

const figureQuery = z
  .strictObject({ ...periodQuery, groupBy: listOf(complaintDimensions).describe('some of tier, channel, team (rows are always per month)'), ...ownerFilters, ...formatQuery, ...readYourWritesQuery })
  .superRefine(periodChecks);
type FigureQuery = z.output<typeof figureQuery>;

const table = tableResponse('A table');

/** The listing link selecting a row's complaints: the query's filters, then the row's own values. */
const drillTo = (query: FigureQuery, key: GroupKey, more: Readonly<Record<string, string | null>> = {}) => drillLink(complaintsPath, { tier: query.tier, channel: query.channel, team: query.team, ...key, ...more });
const groupColumns = (query: FigureQuery) => ['month', ...query.groupBy];

/** Complaint rate, root-cause mix, repeat complaints and cycle time per month. */
export function complaintFigureRoutes(context: AreaContext) {
  const { readModel, timeZone, clock } = context;
  const reads = complaintReads(context);
  const meta = (query: FigureQuery, definitions: Readonly<Record<string, string>>, more: Readonly<Record<string, unknown>> = {}) => ({
    period: { from: query.from, to: query.to }, timeZone, groupBy: query.groupBy, filters: { tier: query.tier, channel: query.channel, team: query.team }, definitions, ...more, asOf: clock().toISOString(),
  });
  const owners = (query: FigureQuery): ComplaintFilters => ({ tier: query.tier, channel: query.channel, team: query.team });
  /** From the month documents once the follower has written them, else counted from the complaint documents. */
  const monthly = async (query: FigureQuery) => (await followedFigureMonthsHead(readModel.db, timeZone, query.minPosition)) !== null;
  const cellsOf = (family: string, months: readonly string[], query: FigureQuery) => complaintCells(readModel.db, family, months, timeZone, owners(query));
  const openedIn = async (query: FigureQuery): Promise<MonthCells> => {
    if (await monthly(query)) return cellsOf(openedFamily, monthsOf(query), query);
    return openedCells(await reads.facts(openedWithin(query.from, query.to, timeZone), { from: query.from, to: query.to, ...owners(query) }));
  };
  const figure = (name: string, operationId: string, summary: string, answer: (query: FigureQuery) => Promise<{ columns: string[]; rows: Record<string, unknown>[]; meta: Record<string, unknown> }>) => (app: FastifyInstance) =>
    route(app, {
      method: 'GET', url: `/v1/analytics/complaints/${name}`, operationId, tags: ['analytics'], summary, roles: analyticsReaders, query: figureQuery, responses: table,
      handler: async ({ query, reply }) => {
        await readModel.readYourWrites(query.minPosition);
        const { columns, rows, meta: tableMeta } = await answer(query);
        return answerTable(reply, query.format, `complaints-${name}`, { columns, rows }, tableMeta);
      },
    });

  const rate = figure('rate', 'getComplaintRate', 'Complaint rate per month: complaints opened / active customers (a purchase in the month), the complaints split by tier, channel or team; each row drills to its complaints', async (query) => {
    const period = periodOf(query.from, query.to, timeZone);
    const months = monthsOf(period);
    const active = (await monthly(query)) ? activeCustomersOfMonths(readModel.db, months, timeZone) : reads.purchaseSpans(period.startMs, period.endMs).then((spans) => activeCustomersPerMonth(spans, months, timeZone));
    const [cells, activePerMonth] = await Promise.all([openedIn(query), active]);
    const rows = ratesOf(cells, months, query.groupBy, activePerMonth).map(({ key, rate: { value, numerator, denominator } }) => ({
      ...key, complaintRate: value, complaints: numerator, activeCustomers: denominator, drill: drillTo(query, key),
    }));
    return { columns: [...groupColumns(query), 'complaintRate', 'complaints', 'activeCustomers', 'drill'], rows, meta: meta(query, { month: complaintDefinitions.month, complaintRate: complaintDefinitions.complaintRate }) };
  });

  const causes = figure('causes', 'getComplaintCauses', 'Root-cause mix per month: each cause’s complaints and share of the complaints with a cause (a complaint with two causes counts for both), complaints without a cause apart', async (query) => {
    const rows = causesOf(await openedIn(query), monthsOf(query), query.groupBy).map(({ key, cause, count, share, complaints }) => ({
      ...key, cause, count, share: share?.value ?? null, withCause: share?.denominator ?? null, complaints, drill: drillTo(query, key, { cause }),
    }));
    return { columns: [...groupColumns(query), 'cause', 'count', 'share', 'withCause', 'complaints', 'drill'], rows, meta: meta(query, { month: complaintDefinitions.month, share: complaintDefinitions.causeShare }, { multipleCauses: 'a complaint with several causes counts once for each: shares of a month may add up to more than 1' }) };
  });

  const repeats = figure('repeats', 'getRepeatComplaints', 'Repeat complaints per month and their share of the complaints opened', async (query) => {
    const rows = repeatsOf(await openedIn(query), monthsOf(query), query.groupBy).map(({ key, repeats: { value, numerator, denominator } }) => ({
      ...key, repeatShare: value, repeats: numerator, complaints: denominator, drill: drillTo(query, key), repeatsDrill: drillTo(query, key, { repeat: 'yes' }),
    }));
    return { columns: [...groupColumns(query), 'repeatShare', 'repeats', 'complaints', 'drill', 'repeatsDrill'], rows, meta: meta(query, { month: complaintDefinitions.month, repeatShare: complaintDefinitions.repeatShare }) };
  });

  const cycle = figure('cycle', 'getComplaintCycleTime', 'Complaint cycle time in working days on the default business calendar, per month of first resolution: count, mean, p50, p90; complaints still open counted apart', async (query) => {
    const period = periodOf(query.from, query.to, timeZone);
    const months = monthsOf(period);
    const counted = async (): Promise<[MonthCells, MonthCells]> => {
      if (await monthly(query)) return Promise.all([cellsOf(resolvedFamily, months, query), cellsOf(openedFamily, months, query)]);
      const facts = await reads.facts({ openedAt: { $lt: new Date(period.endMs) } }, owners(query));
      return [resolvedCells(facts), openedCells(facts)];
    };
    const [[resolved, opened], { calendarMeta, cycleDaysOf }] = await Promise.all([counted(), reads.cycleCalendar()]);
    const rows = cycleTimesOf(resolved, opened, months, query.groupBy, cycleDaysOf).map(({ key, resolved, mean, p50, p90, stillOpen, closedUnresolved }) => {
      const { month, ...groups } = key;
      return {
        ...key, resolved, meanDays: mean, p50Days: p50, p90Days: p90, stillOpen, closedUnresolved,
        drill: drillTo(query, groups, { resolvedMonth: month ?? null }), stillOpenDrill: drillTo(query, groups, { month: month ?? null, open: 'yes' }),
      };
    });
    return { columns: [...groupColumns(query), 'resolved', 'meanDays', 'p50Days', 'p90Days', 'stillOpen', 'closedUnresolved', 'drill', 'stillOpenDrill'], rows, meta: meta(query, cycleDefinitions, { calendar: calendarMeta }) };
  });

  return async (app: FastifyInstance) => {
    for (const register of [rate, causes, repeats, cycle]) register(app);
  };
}
