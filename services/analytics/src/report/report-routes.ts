import { concurrencyLimit, problems, ProblemError, route } from '@ctp/service-kit';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { monthIn } from '../metrics/period.js';
import { isPastMonth, type MonthlyReports } from './monthly-reports.js';
import type { KeptReport, ReportStore, ReportSummary } from './report-store.js';

const tags = ['analytics: reports'];
/** Who reads and builds the monthly reports. */
const roles = ['analyst', 'admin'] as const;
export const reportsPath = '/v1/analytics/reports';

const formats = ['json', 'html', 'pdf'] as const;
type Format = (typeof formats)[number];
const monthParams = z.strictObject({
  month: z.string().regex(/^(19[7-9]\d|2\d{3})-(0[1-9]|1[0-2])(\.(html|pdf))?$/, 'expected a month YYYY-MM, or YYYY-MM.html or YYYY-MM.pdf'),
});
const postParams = z.strictObject({ month: z.string().regex(/^(19[7-9]\d|2\d{3})-(0[1-9]|1[0-2])$/, 'expected a month YYYY-MM of the years 1970 to 2999') });
const formatQuery = z.strictObject({ format: z.enum(formats).optional().describe('json (the figures), html or pdf; the same as the path ending .html or .pdf') });

const summarySchema = z.object({ month: z.string(), generatedAt: z.string(), position: z.string().nullable(), trigger: z.enum(['scheduled', 'requested']), links: z.record(z.string(), z.string()) });
/** A report's summary only: a kept report also holds its HTML and PDF, which go out by their own links. */
const withLinks = ({ month, generatedAt, position, trigger }: ReportSummary) => ({ month, generatedAt, position, trigger, links: { figures: `${reportsPath}/${month}`, html: `${reportsPath}/${month}.html`, pdf: `${reportsPath}/${month}.pdf` } });

/** The month and the format a path asks for: `2026-10`, `2026-10.html`, `2026-10.pdf`, or `?format=`. */
function requested(param: string, format: Format | undefined): { month: string; format: Format } {
  const [month, suffix] = param.split('.') as [string, Format | undefined];
  if (suffix !== undefined && format !== undefined && suffix !== format) {
    throw new ProblemError(problems.CTP_VALIDATION_FAILED, `the path asks for ${suffix}, format for ${format}`, [{ path: 'query.format', message: `must be ${suffix} (or left out) with a path ending .${suffix}` }]);
  }
  return { month, format: suffix ?? format ?? 'json' };
}

function answer(reply: FastifyReply, report: KeptReport, format: Format) {
  const name = `service-quality-report-${report.month}`;
  if (format === 'html') return reply.header('content-type', 'text/html; charset=utf-8').send(report.html);
  if (format === 'pdf') return reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="${name}.pdf"`).send(report.pdf);
  return { ...withLinks(report), figures: report.figures };
}

/** The monthly service-quality reports: kept ones listed and downloaded, a past month's built on request. */
export function reportRoutes({ store, reports, timeZone, clock }: { store: ReportStore; reports: MonthlyReports; timeZone: string; clock: () => Date }) {
  const building = concurrencyLimit(1, 'report builds (each prints a PDF in Chromium)');
  return async (app: FastifyInstance) => {
    route(app, {
      method: 'GET', url: reportsPath, operationId: 'listMonthlyReports', tags, roles,
      summary: 'The kept monthly service-quality reports, newest month first, with the links to their figures, HTML and PDF',
      responses: { 200: { description: 'The kept reports', schema: z.object({ reports: z.array(summarySchema) }) } },
      handler: async () => ({ reports: (await store.list()).map(withLinks) }),
    });
    route(app, {
      method: 'POST', url: `${reportsPath}/:month`, operationId: 'generateMonthlyReport', tags, roles,
      summary: 'Build a past month’s report now (figures as of the end of the month, from the read models caught up with the store) and keep it, replacing the one kept; the current or a future month is refused',
      params: postParams,
      responses: {
        201: { description: 'The report was built and kept', schema: summarySchema },
        422: { description: 'The month is not over yet (business time zone)' },
        429: { description: 'Another report is being built on this instance; retry after the retry-after header' },
      },
      handler: async ({ params, reply }) => {
        const now = clock();
        if (!isPastMonth(params.month, now, timeZone)) {
          const message = `${params.month} is not over yet: the current month is ${monthIn(now.getTime(), timeZone)} (${timeZone})`;
          throw new ProblemError(problems.CTP_UNPROCESSABLE, message, [{ path: 'params.month', message: 'must be a month before the current one' }]);
        }
        const { report } = await building(() => reports.generate(params.month, 'requested'));
        return reply.code(201).send(withLinks(report));
      },
    });
    route(app, {
      method: 'GET', url: `${reportsPath}/:month`, operationId: 'getMonthlyReport', tags, roles,
      summary: 'A kept report: its figures as JSON (each number with its drill link), or the HTML (path ending .html or format=html) or the PDF (.pdf or format=pdf)',
      params: monthParams,
      query: formatQuery,
      responses: {
        200: { description: 'The figures (JSON), the HTML or the PDF', schema: summarySchema.extend({ figures: z.record(z.string(), z.unknown()) }), alsoAs: ['text/html', 'application/pdf'] },
        404: { description: 'No report of this month was built' },
      },
      handler: async ({ params, query, reply }) => {
        const { month, format } = requested(params.month, query.format);
        const report = await store.get(month);
        if (report === null) throw new ProblemError(problems.CTP_NOT_FOUND, `no report of ${month} was built (POST ${reportsPath}/${month} builds one)`);
        return answer(reply, report, format);
      },
    });
  };
}
