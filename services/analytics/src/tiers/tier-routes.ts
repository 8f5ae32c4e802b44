import { readYourWritesQuery, route } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { analyticsReaders } from '../area.js';
import { eventsLink } from '../metrics/drill.js';
import { listingMonthsChecks, listingMonthsQuery, listingPeriod } from '../metrics/listing-period.js';
import { page } from '../metrics/paging.js';
import { monthsOf, monthSchema, monthStartIn, nextMonth, periodOf } from '../metrics/period.js';
import { dimensionFilter, formatQuery, listOf, pageQuery, periodChecks, periodQuery } from '../metrics/query.js';
import { answerTable, tableResponse } from '../metrics/table.js';
import { matches } from './dimension-match.js';
import { tierDefinitions } from './tier-definitions.js';
import { distributionDimensions, tierDistribution } from './tier-distribution.js';
import { standingsAt } from './tier-history.js';
import { movementDimensions, movementFacts, tierMovementCounts } from './tier-movement-counts.js';
import type { AreaReads } from '../area.js';
import { distributionFromMonths, movementCountsFromMonths, type MonthlyAnswer } from './tier-month-reads.js';
import { customerPageFromListings, movementPageFromListings, type CustomerListing } from './tier-listing-reads.js';
import { loadMovements } from './tier-reads.js';

const tags = ['analytics: tiers'];
const responses = tableResponse('A table');
const common = { ...formatQuery, ...readYourWritesQuery };
const movementFilters = { month: dimensionFilter, fromTier: dimensionFilter, toTier: dimensionFilter, direction: dimensionFilter };

const distributionQuery = z.strictObject({ ...periodQuery, groupBy: listOf(distributionDimensions), month: dimensionFilter, tier: dimensionFilter, ...common }).superRefine(periodChecks);
const movementCountsQuery = z.strictObject({ ...periodQuery, groupBy: listOf(movementDimensions), ...movementFilters, ...common }).superRefine(periodChecks);
const movementListQuery = z
  .strictObject({ ...listingMonthsQuery, fromTier: dimensionFilter, toTier: dimensionFilter, direction: dimensionFilter, customerId: z.string().min(1).max(100).optional(), ...pageQuery, ...common })
  .superRefine(listingMonthsChecks);
const customerListQuery = z.strictObject({ asOf: monthSchema.describe("the month at whose end the tier is in force"), tier: dimensionFilter, customerId: z.string().min(1).max(100).optional(), ...pageQuery, ...common });

/** Counted from the monthly documents: how far they were followed (none: counted from the movement facts as they are). */
const counted = (monthly: MonthlyAnswer | null) => (monthly === null ? {} : { countedUpTo: monthly.countedUpTo });

/** The customers in the tier at the month's end, folded from the movement facts. */
async function standingsInTier(reads: AreaReads, query: CustomerListing) {
  const standing = standingsAt(await loadMovements(reads, query.customerId), monthStartIn(nextMonth(query.asOf), reads.timeZone));
  return [...standing.values()].filter(({ to }) => (query.tier === undefined ? to !== null : matches(to, query.tier))).map((movement) => ({ id: movement.customerId, movement }));
}

export function tierRoutes(reads: AreaReads) {
  const meta = (extra: Record<string, unknown>) => ({ timeZone: reads.timeZone, definitions: tierDefinitions, asOf: reads.clock().toISOString(), ...extra });
  return async (app: FastifyInstance) => {
    route(app, {
      method: 'GET', url: '/v1/analytics/tiers/distribution', operationId: 'getTierDistribution', tags, responses, roles: analyticsReaders,
      summary: "Customers per tier in force at each month's end and their share; each row drills to its customers",
      query: distributionQuery,
      handler: async ({ query, reply }) => {
        await reads.readYourWrites(query.minPosition);
        const request = { months: monthsOf(query), timeZone: reads.timeZone, groupBy: query.groupBy, month: query.month, tier: query.tier };
        const monthly = await distributionFromMonths(reads, request, query.minPosition);
        const table = monthly?.table ?? tierDistribution(await loadMovements(reads), request);
        return answerTable(reply, query.format, 'tier-distribution', table, meta({ period: { from: query.from, to: query.to }, groupBy: query.groupBy, ...counted(monthly) }));
      },
    });
    route(app, {
      method: 'GET', url: '/v1/analytics/tiers/movement-counts', operationId: 'getTierMovementCounts', tags, responses, roles: analyticsReaders,
      summary: 'Tier movements (assignments, upgrades, downgrades, overrides, expiries, withdrawals) per month, from tier, to tier and direction; each row drills to its movements',
      query: movementCountsQuery,
      handler: async ({ query, reply }) => {
        await reads.readYourWrites(query.minPosition);
        const period = periodOf(query.from, query.to, reads.timeZone);
        const monthly = await movementCountsFromMonths(reads, period, query.groupBy, query, query.minPosition);
        const table = monthly?.table ?? tierMovementCounts(movementFacts(await loadMovements(reads), period, reads.timeZone, query), period, query.groupBy, query);
        return answerTable(reply, query.format, 'tier-movement-counts', table, meta({ period: { from: query.from, to: query.to }, groupBy: query.groupBy, ...counted(monthly) }));
      },
    });
    route(app, {
      method: 'GET', url: '/v1/analytics/tiers/movements', operationId: 'listTierMovements', tags, responses, roles: analyticsReaders,
      summary: 'The tier movements behind a figure, by event id, with the events they came from',
      query: movementListQuery,
      handler: async ({ query, reply }) => {
        await reads.readYourWrites(query.minPosition);
        const listed = (await movementPageFromListings(reads, query, query.minPosition)) ?? page(movementFacts(await loadMovements(reads, query.customerId), listingPeriod(query, reads.timeZone), reads.timeZone, query).map(({ movement }) => movement), query);
        const rows = listed.rows.map(({ id, customerId, at, from, to, direction, rule, trace }) => ({ id, customerId, at: at.toISOString(), from, to, direction, rule, events: eventsLink(trace), trace }));
        return answerTable(reply, query.format, 'tier-movements', { columns: ['id', 'customerId', 'at', 'from', 'to', 'direction', 'rule', 'events', 'trace'], rows }, meta({ next: listed.next }));
      },
    });
    route(app, {
      method: 'GET', url: '/v1/analytics/tiers/customers', operationId: 'listTierCustomers', tags, responses, roles: analyticsReaders,
      summary: "The customers in a tier at a month's end (tier=none: withdrawn by then), each with the movement that put them there",
      query: customerListQuery,
      handler: async ({ query, reply }) => {
        await reads.readYourWrites(query.minPosition);
        const listed = (await customerPageFromListings(reads, query, query.minPosition)) ?? page(await standingsInTier(reads, query), query);
        const rows = listed.rows.map(({ movement: { customerId, to, id, at, from, direction, rule, trace } }) => ({ customerId, tier: to, movement: { id, at: at.toISOString(), from, to, direction, rule }, events: eventsLink(trace), trace }));
        return answerTable(reply, query.format, 'tier-customers', { columns: ['customerId', 'tier', 'movement', 'events', 'trace'], rows }, meta({ asOfMonth: query.asOf, next: listed.next }));
      },
    });
  };
}
