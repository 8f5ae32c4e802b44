import { isoDateIn, isoDateSchema, startOfDayIn, type IsoDate } from '@ctp/calendar';
import { readYourWritesQuery, route, type Exclusive } from '@ctp/service-kit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from 'mongodb';
import { z } from 'zod';
import { analyticsReaders, type AreaContext } from '../area.js';
import { dimensionFilter, formatQuery, pageQuery } from '../metrics/query.js';
import { answerTable, tableAnswerSchema } from '../metrics/table.js';
import { activeDays, risksAt } from './churn-backtest.js';
import type { BacktestMetrics } from './churn-metrics.js';
import { churnModel } from './churn-model.js';
import { signalsOf, tiersBefore } from './churn-reads.js';
import { riskColumns, riskRow, risksPath } from './churn-rows.js';
import { churnRanker } from './kept/churn-ranker.js';
import { selectionOf } from './kept/ranking-layout.js';
import { dayMs } from './churn-signals.js';

const tags = ['analytics: churn'];
const responses = { 200: { description: 'A table: JSON { meta, columns, rows }, or CSV with format=csv', schema: tableAnswerSchema } };
const common = { ...formatQuery, ...readYourWritesQuery };
const asOf = isoDateSchema.optional().describe('YYYY-MM-DD: scored from the facts before the start of this day in the business time zone; default today');
const risksQuery = z.strictObject({
  asOf, tier: dimensionFilter.describe('the tier in force at asOf, or none'),
  minScore: z.coerce.number().min(0).max(1).default(0).describe('only scores at or above it'),
  limit: pageQuery.limit, after: z.string().min(1).max(200).optional().describe('the customerId of the previous page\'s last row'), ...common,
});
const riskQuery = z.strictObject({ asOf, ...common });
const backtestQuery = z.strictObject({ asOf: isoDateSchema.describe('YYYY-MM-DD: the day predictions are made at'), horizonDays: z.coerce.number().int().min(30).max(730).default(180), ...common });

/** How a churn answer was counted, stated in its `meta`. */
function definitions() {
  return {
    active: `active at asOf: a purchase in the ${activeDays} x 24 h before it (as retention counts it; a merged-away id counts for its survivor)`,
    score: churnModel.description,
    threshold: churnModel.threshold,
    factors: Object.fromEntries(Object.entries(churnModel.factors).map(([name, { weight, formula }]) => [name, { weight, formula }])),
    contribution: 'weight x normalised value; share = contribution / score',
    currency: 'the retention read model keeps amounts without their currency: spend is compared in one, unstated',
  };
}

/** Churn early warning: the model, the risk per active customer with each factor's contribution, and the backtest. */
export function churnRoutes({ readModel, timeZone, clock, rankingWrites }: AreaContext & { readonly rankingWrites: Exclusive }) {
  const dayStart = (day: string | undefined) => {
    const date = (day ?? isoDateIn(clock().getTime(), timeZone)) as IsoDate;
    return { day: date, ms: startOfDayIn(date, timeZone) };
  };
  const meta = (extra: Record<string, unknown>) => ({ timeZone, model: { id: churnModel.id, version: churnModel.version }, definitions: definitions(), asOfClock: clock().toISOString(), ...extra });
  return async (app: FastifyInstance) => {
    const ranker = churnRanker({ db: readModel.db, timeZone, clock, rankingWrites });
    route(app, {
      method: 'GET', url: '/v1/analytics/churn/model', operationId: 'getChurnModel', tags, roles: analyticsReaders,
      summary: 'The churn model document in force: its version, threshold, and each factor\'s weight, formula and parameters',
      responses: { 200: { description: 'The model document (churn-model.json)', schema: z.record(z.string(), z.unknown()) } },
      handler: async () => churnModel,
    });
    route(app, {
      method: 'GET', url: risksPath, operationId: 'listChurnRisks', tags, responses, roles: analyticsReaders,
      summary: 'Churn risk of every customer active at asOf, highest first: score, each factor\'s value, weight and contribution, and links to the events behind them',
      query: risksQuery,
      handler: async ({ query, reply, request }) => {
        await readModel.readYourWrites(query.minPosition);
        const at = dayStart(query.asOf);
        const selection = selectionOf(query.tier);
        const listed = await ranker.risks(at.day, { selection, minScore: query.minScore, after: query.after, limit: query.limit }, { fresh: query.minPosition !== undefined, onRecountFailed: recountFailed(request, at.day) });
        const counted = { countedAt: listed.head.countedAt.toISOString(), readSideMovedSince: listed.moved };
        if (listed.moved) reply.header('cache-control', 'no-store');
        return answerTable(reply, query.format, 'churn-risks', { columns: riskColumns, rows: listed.rows }, meta({ asOf: at.day, scoredBefore: new Date(at.ms).toISOString(), customers: listed.customers, next: listed.next, counted }));
      },
    });
    route(app, {
      method: 'GET', url: `${risksPath}/:customerId`, operationId: 'getChurnRisk', tags, responses, roles: analyticsReaders,
      summary: 'One customer\'s churn risk at asOf with each factor\'s contribution (no row when not active at asOf)',
      params: z.strictObject({ customerId: z.string().min(1).max(200) }),
      query: riskQuery,
      handler: async ({ params, query, reply }) => {
        await readModel.readYourWrites(query.minPosition);
        const at = dayStart(query.asOf);
        const row = await riskOf(readModel.db, params.customerId, at.day, timeZone);
        return answerTable(reply, query.format, 'churn-risk', { columns: riskColumns, rows: row === null ? [] : [row] }, meta({ asOf: at.day, scoredBefore: new Date(at.ms).toISOString(), customerId: params.customerId, active: row !== null }));
      },
    });
    route(app, {
      method: 'GET', url: '/v1/analytics/churn/backtest', operationId: 'getChurnBacktest', tags, responses, roles: analyticsReaders,
      summary: 'Backtest: score every customer active at asOf from the facts before it, label churned = no purchase in the horizon after; precision, recall (at the threshold), AUC, counts, base rate',
      query: backtestQuery,
      handler: async ({ query, reply, request }) => {
        await readModel.readYourWrites(query.minPosition);
        const at = dayStart(query.asOf);
        const labelEnd = at.ms + query.horizonDays * dayMs;
        const kept = await ranker.backtest(at.day, query.horizonDays, { fresh: query.minPosition !== undefined, onRecountFailed: recountFailed(request, at.day) });
        const row = { asOf: at.day, horizonDays: query.horizonDays, threshold: churnModel.threshold, ...flatMetrics(kept.count.metrics) };
        const counted = { countedAt: kept.count.countedAt.toISOString(), readSideMovedSince: kept.moved };
        if (kept.moved) reply.header('cache-control', 'no-store');
        return answerTable(reply, query.format, 'churn-backtest', { columns: Object.keys(row), rows: [row] }, meta({ asOf: at.day, labelledUntil: new Date(labelEnd).toISOString(), horizonComplete: labelEnd <= clock().getTime(), churned: 'no purchase from asOf to horizonDays x 24 h after it', counted }));
      },
    });
  };
}

const recountFailed = (request: FastifyRequest, asOf: string) => (error: unknown) => request.log.warn({ err: error, url: request.url, asOf }, 'a kept churn count could not be counted again');

function flatMetrics(metrics: BacktestMetrics) {
  const { baseRate, precision, recall, ...counts } = metrics;
  return { ...counts, baseRate: baseRate.value, precision: precision.value, precisionNumerator: precision.numerator, precisionDenominator: precision.denominator, recall: recall.value, recallNumerator: recall.numerator, recallDenominator: recall.denominator };
}

/** One customer's risk row at the start of `asOf` (YYYY-MM-DD in the business time zone); null when not active then or unknown. */
export async function riskOf(db: Db, customerId: string, asOf: string, timeZone: string) {
  const ms = startOfDayIn(asOf as IsoDate, timeZone);
  const signals = await signalsOf(db, customerId);
  if (signals === null) return null;
  const [risk] = risksAt([signals], ms, churnModel);
  if (risk === undefined) return null;
  const tiers = await tiersBefore(db, ms, customerId);
  return riskRow(risk, signals, tiers.get(customerId) ?? null, asOf);
}
