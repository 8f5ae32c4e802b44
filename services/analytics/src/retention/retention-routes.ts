import type { GlobalPosition } from '@ctp/contracts';
import { activeCollection } from '@ctp/projections';
import { readYourWritesQuery, route } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { analyticsReaders, type AreaReads } from '../area.js';
import { eventsLink } from '../metrics/drill.js';
import { listingMonthsChecks, listingMonthsQuery, listingPeriod } from '../metrics/listing-period.js';
import { monthSchema, monthsOf, periodOf } from '../metrics/period.js';
import { dimensionFilter, formatQuery, listOf, pageQuery, periodChecks, periodQuery } from '../metrics/query.js';
import { answerTable, tableResponse } from '../metrics/table.js';
import { page } from '../metrics/paging.js';
import { BuyerChunkCache } from './buyer-chunk-cache.js';
import { customerPageFromListing } from './buyer-listing-reads.js';
import { buyersOf } from './buyers.js';
import { cohortTable, cohortTableOf } from './cohorts.js';
import { customerProjection, type CustomerDocument } from './customer-projection.js';
import { customerStates, selectCustomers } from './customer-states.js';
import { repeatCountsOf, repeatPurchaseTableOf } from './repeat-purchase.js';
import { retentionDefinitions } from './retention-definitions.js';
import { retentionMonths, type RetentionMonths } from './retention-month-reads.js';
import { retentionTable, retentionTableOf } from './retention-table.js';
import { purchaseWindows, spansOf, windowOf } from './retention-windows.js';


const tags = ['analytics: retention'];
const responses = tableResponse('A table');
const common = { ...formatQuery, ...readYourWritesQuery };
const activeDays = z.coerce.number().int().min(30).max(1_095).default(365).describe('a customer is active at t with a purchase in the activeDays x 24 h before t');
const window = z.enum(purchaseWindows).default('month').describe('month: the month; year: the 12 months ending with it');
const figureQuery = { ...periodQuery, groupBy: listOf(['month']), month: dimensionFilter, activeDays, ...common };

const retentionQuery = z.strictObject(figureQuery).superRefine(periodChecks);
const repeatQuery = z.strictObject({ ...figureQuery, window }).superRefine(periodChecks);
const cohortQuery = z.strictObject({ ...periodQuery, ...common }).superRefine(periodChecks);
const customerQuery = z
  .strictObject({
    state: z.enum(customerStates).optional().describe('start | end | new | lost (retention, with month or from and to), repeat | single (repeat purchase, with month and window, or from and to)'),
    ...listingMonthsQuery, activeDays, window,
    cohort: monthSchema.optional().describe('the month of the first purchase'),
    purchasedIn: monthSchema.optional().describe('with cohort: members who purchased in this month'),
    ...pageQuery, ...common,
  })
  .superRefine(listingMonthsChecks)
  .superRefine((query, context) => {
    if (query.state === undefined && query.cohort === undefined) context.addIssue({ code: 'custom', path: ['state'], message: 'state or cohort is required' });
    if (query.state !== undefined && query.month === undefined && query.from === undefined) context.addIssue({ code: 'custom', path: ['month'], message: 'a state needs month, or from and to' });
  });

export function retentionRoutes(reads: AreaReads) {
  // The figures read purchases, refunds and merges; each purchase carries its own position for the trace.
  const buyers = async () => buyersOf(await (await activeCollection<CustomerDocument>(reads.db, customerProjection.name, 'customerFacts')).find({}, { projection: { trace: 0 } }).toArray());
  /** Every buyer from the read model once it holds `minPosition`: the figures counted per request until the retention months have caught up. */
  const buyersAfter = async (minPosition: GlobalPosition | undefined) => {
    await reads.readYourWrites(minPosition);
    return buyers();
  };
  const listingChunks = new BuyerChunkCache();
  const counted = (months: RetentionMonths | null) => (months === null ? {} : { countedUpTo: months.countedUpTo });
  const meta = (days: number, extra: Record<string, unknown>) => ({ timeZone: reads.timeZone, definitions: retentionDefinitions(days), asOf: reads.clock().toISOString(), ...extra });
  /** The rows' spans: each month of the period, or the period; a month filter keeps that month alone. */
  const spans = ({ from, to, month, groupBy }: { from: string; to: string; groupBy: readonly string[]; month?: string | undefined }) => {
    if (month !== undefined && (month < from || month > to)) return [];
    return spansOf(month === undefined ? periodOf(from, to, reads.timeZone) : periodOf(month, month, reads.timeZone), groupBy.includes('month'));
  };
  return async (app: FastifyInstance) => {
    route(app, {
      method: 'GET', url: '/v1/analytics/retention/retention', operationId: 'getRetention', tags, responses, roles: analyticsReaders,
      summary: 'Retention (E - N) / S and churn lost / S per month (domain.md section 5), with S, E, N and lost; each count drills to its customers',
      query: retentionQuery,
      handler: async ({ query, reply }) => {
        const rowSpans = spans(query);
        const months = await retentionMonths(reads.db, reads.timeZone, query.minPosition, listingChunks);
        const counts = months === null ? null : await months.retention(rowSpans, query.activeDays);
        const table = counts === null ? retentionTable(await buyersAfter(query.minPosition), rowSpans, query.activeDays) : retentionTableOf(rowSpans, query.activeDays, counts);
        return answerTable(reply, query.format, 'retention', table, meta(query.activeDays, { period: { from: query.from, to: query.to }, groupBy: query.groupBy, activeDays: query.activeDays, ...counted(counts === null ? null : months) }));
      },
    });
    route(app, {
      method: 'GET', url: '/v1/analytics/retention/repeat-purchase', operationId: 'getRepeatPurchase', tags, responses, roles: analyticsReaders,
      summary: 'Repeat-purchase rate: customers with 2+ purchases / with 1+ in the month or the 12 months ending with it; each row drills to its customers',
      query: repeatQuery,
      handler: async ({ query, reply }) => {
        const rowSpans = spans(query);
        const windows = rowSpans.map((span) => (span.month === undefined ? span : windowOf(span.month, query.window, reads.timeZone)));
        const months = await retentionMonths(reads.db, reads.timeZone, query.minPosition, listingChunks);
        const buyersOfWindows = months === null ? await buyersAfter(query.minPosition) : null;
        const counts = buyersOfWindows === null ? await months!.repeat(windows) : windows.map((window) => repeatCountsOf(buyersOfWindows, window));
        const table = repeatPurchaseTableOf(rowSpans, query.window, counts);
        return answerTable(reply, query.format, 'repeat-purchase', table, meta(query.activeDays, { period: { from: query.from, to: query.to }, groupBy: query.groupBy, window: query.window, ...counted(months) }));
      },
    });
    route(app, {
      method: 'GET', url: '/v1/analytics/retention/cohorts', operationId: 'getPurchaseCohorts', tags, responses, roles: analyticsReaders,
      summary: 'Cohorts by month of first purchase (the period names the cohorts): size and the share that purchased in each of the 12 months after; each cell drills to its customers',
      query: cohortQuery,
      handler: async ({ query, reply }) => {
        const [cohorts, nowMs] = [monthsOf(query), reads.clock().getTime()];
        const months = await retentionMonths(reads.db, reads.timeZone, query.minPosition, listingChunks);
        const table = months === null ? cohortTable(await buyersAfter(query.minPosition), cohorts, reads.timeZone, nowMs) : cohortTableOf(cohorts, reads.timeZone, nowMs, await months.cohorts(cohorts));
        return answerTable(reply, query.format, 'purchase-cohorts', table, meta(365, { period: { from: query.from, to: query.to }, ...counted(months) }));
      },
    });
    route(app, {
      method: 'GET', url: '/v1/analytics/retention/customers', operationId: 'listRetentionCustomers', tags, responses, roles: analyticsReaders,
      summary: 'The customers behind a retention, repeat-purchase or cohort figure, each with the purchases that decided it and their events',
      query: customerQuery,
      handler: async ({ query, reply }) => {
        const repeat = query.state === 'repeat' || query.state === 'single';
        const interval = repeat && query.month !== undefined ? windowOf(query.month, query.window, reads.timeZone) : listingPeriod(query, reads.timeZone);
        const purchasedIn = query.purchasedIn === undefined ? null : periodOf(query.purchasedIn, query.purchasedIn, reads.timeZone);
        const selection = { state: query.state, interval, activeDays: query.activeDays, cohort: query.cohort, purchasedIn, timeZone: reads.timeZone };
        const listed = (await customerPageFromListing(reads.db, reads.timeZone, selection, query, query.minPosition, listingChunks)) ?? page(selectCustomers(await buyersAfter(query.minPosition), selection), query);
        const rows = listed.rows.map(({ id, buyer, decidedBy }) => {
          const trace = decidedBy.map((purchase) => purchase.trace);
          const purchases = decidedBy.map(({ orderId, at, amount, recordedFor, refunded }) => ({ orderId, at: new Date(at).toISOString(), amount, recordedFor, refunded }));
          return { customerId: id, state: query.state ?? null, purchases, mergedFrom: buyer.mergedFrom, erased: buyer.erased, events: eventsLink(trace), trace };
        });
        const span = interval === null ? null : { from: new Date(interval.startMs).toISOString(), to: new Date(interval.endMs).toISOString() };
        return answerTable(reply, query.format, 'retention-customers', { columns: ['customerId', 'state', 'purchases', 'mergedFrom', 'erased', 'events', 'trace'], rows }, meta(query.activeDays, { interval: span, next: listed.next }));
      },
    });
  };
}

