import { caseChannels } from '@ctp/contracts';
import { route } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { locales } from '../charts/index.js';
import { monthSchema } from '../metrics/period.js';
import { dimensionFilter, periodChecks } from '../metrics/query.js';
import { dashboardCharts, dashboardChartNames } from './dashboard-charts.js';
import { dashboardReaders } from './dashboard-context-route.js';

const chartQuery = z
  .strictObject({
    from: monthSchema.describe('first month, YYYY-MM (targets ignore the period: their windows are their own)'),
    to: monthSchema.describe('last month (inclusive); the tier distribution is the one at its end'),
    tier: dimensionFilter.describe('passed to the figure routes that take it'),
    channel: z.enum(caseChannels).optional().describe('a case channel, passed to the figure routes that take it'),
    team: dimensionFilter.describe('passed to the figure routes that take it'),
    locale: z.enum(locales).default('en').describe('the language of titles, axes and legends'),
  })
  .superRefine(periodChecks);

const chartAnswer = z.object({
  name: z.string(),
  title: z.string(),
  option: z.record(z.string(), z.unknown()).describe('the ECharts option of the chart specification (services/analytics/src/charts); each point carries `drill`, the link to its facts'),
  source: z.string().describe('the figure route the chart was drawn from'),
  figures: z.record(z.string(), z.unknown()).describe('that route\'s answer as it gave it ({ meta, columns, rows }, or { meta, targets }): the page\'s table beside the chart'),
});

/**
 * GET /v1/analytics/dashboard/charts/:name: a chart of the overview with the figures it was drawn from.
 * The figures are asked of the area's own route with the caller's key (same roles, same numbers, one place).
 */
export function dashboardChartRoute() {
  return async (app: FastifyInstance) => {
    route(app, {
      method: 'GET', url: '/v1/analytics/dashboard/charts/:name', operationId: 'getDashboardChart', tags: ['analytics: dashboard'], roles: dashboardReaders,
      summary: 'One overview chart: the ECharts option built by the shared chart specification from an area\'s figures, each point with its drill link, and those figures',
      params: z.strictObject({ name: z.enum(dashboardChartNames) }),
      query: chartQuery,
      responses: { 200: { description: 'The chart and its figures', schema: chartAnswer } },
      handler: async ({ params, query, request, reply }) => {
        const chart = dashboardCharts[params.name];
        const source = chart.source(query);
        const answer = await app.inject({ method: 'GET', url: source, headers: { authorization: request.headers.authorization ?? '', 'x-api-key': request.headers['x-api-key'] ?? '' } });
        if (answer.statusCode !== 200) return reply.code(answer.statusCode).type(String(answer.headers['content-type'] ?? 'application/problem+json')).send(answer.body);
        const figures = answer.json() as Parameters<typeof chart.option>[0];
        const option = chart.option(figures, query.locale);
        const title = (option.title as { text?: string } | undefined)?.text ?? params.name;
        return { name: params.name, title, option, source, figures };
      },
    });
  };
}
