import { importHolidays } from '@ctp/calendar';
import type { Actor } from '@ctp/contracts';
import { problems, ProblemError, route } from '@ctp/service-kit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { SlaDeps } from '../sla-deps.js';
import { calendarBodySchema, calendarParamsSchema, effectiveFromSchema, publishedSchema, versionSummarySchema } from './calendar-schemas.js';
import { listCalendars } from './calendar-registry.js';
import { loadCalendarVersions, type PublishedCalendar } from './calendar-stream.js';
import { mergeHolidays } from './holiday-merge.js';
import { publishNextVersion } from './publish-version.js';

const readers = ['agent', 'analyst', 'auditor', 'admin'] as const;

/** An .ics file of a few years of holidays is a few kilobytes; the JSON body limit does not apply to it. */
const ICS_BODY_LIMIT_BYTES = 256 * 1024;
/** An event may span days (DTSTART to DTEND): a typo in a year must not add a century of holidays. */
const MAX_IMPORTED_DAYS = 1_000;

const actorOf = (request: FastifyRequest): Actor => {
  const principal = request.principal!;
  return { kind: 'api-key', id: principal.keyId, role: principal.role };
};

const notFound = (calendarId: string, version?: number) =>
  new ProblemError(problems.CTP_NOT_FOUND, version === undefined ? `calendar ${calendarId} was never published` : `calendar ${calendarId} has no version ${version}`);

async function publishedVersions(deps: Pick<SlaDeps, 'store'>, calendarId: string): Promise<PublishedCalendar[]> {
  const versions = await loadCalendarVersions(deps.store, calendarId);
  if (versions.length === 0) throw notFound(calendarId);
  return versions;
}

const calendarVersionSchema = z.object({
  calendarId: z.string(),
  version: z.int(),
  calendar: z.record(z.string(), z.unknown()).describe('the calendar document (docs/calendars.md)'),
  effectiveFrom: z.string(),
  publishedAt: z.string(),
  publishedBy: z.record(z.string(), z.unknown()),
  position: z.string(),
  versions: z.array(versionSummarySchema).describe('every published version, oldest first'),
});

const holidayEntry = z.object({ date: z.string(), name: z.string() });
const importedSchema = { added: z.array(holidayEntry), alreadyListed: z.array(holidayEntry.extend({ listedAt: z.string().describe('where the calendar lists the date: holidays[3], makeUpDays[0]') })) };

export function calendarRoutes(deps: SlaDeps) {
  return async (app: FastifyInstance) => {
    app.addContentTypeParser('text/calendar', { parseAs: 'string', bodyLimit: ICS_BODY_LIMIT_BYTES }, (_request, body, done) => done(null, body));

    route(app, {
      method: 'GET', url: '/v1/calendars', operationId: 'listCalendars', tags: ['calendars'],
      summary: 'The service’s calendars: `default` and every calendar a version of the SLA policy names, each with its latest version',
      roles: readers,
      responses: { 200: { description: 'The calendars', schema: z.object({ calendars: z.array(z.object({ calendarId: z.string(), name: z.string().nullable(), latestVersion: z.int(), effectiveFrom: z.string() })) }) } },
      handler: async () => ({ calendars: await listCalendars(deps.store, deps.policyId) }),
    });

    route(app, {
      method: 'GET', url: '/v1/calendars/:calendarId', operationId: 'getCalendar', tags: ['calendars'],
      summary: 'A version of a calendar (the latest unless `version` is given), when it counts from, who published it, and the list of versions',
      roles: readers,
      params: calendarParamsSchema,
      query: z.object({ version: z.coerce.number().int().min(1).optional() }),
      responses: { 200: { description: 'The version', schema: calendarVersionSchema }, 404: { description: 'No such calendar, or no such version' } },
      handler: async ({ params: { calendarId }, query }) => {
        const versions = await publishedVersions(deps, calendarId);
        const chosen = query.version === undefined ? versions.at(-1) : versions.find(({ calendar }) => calendar.version === query.version);
        if (!chosen) throw notFound(calendarId, query.version);
        const { calendar, effectiveFrom, publishedAt, publishedBy, position } = chosen;
        return {
          calendarId, version: calendar.version, calendar, effectiveFrom, publishedAt, publishedBy, position,
          versions: versions.map((entry) => ({ version: entry.calendar.version, effectiveFrom: entry.effectiveFrom, publishedAt: entry.publishedAt, position: entry.position })),
        };
      },
    });

    route(app, {
      method: 'PUT', url: '/v1/calendars/:calendarId', operationId: 'publishCalendar', tags: ['calendars'],
      summary: 'Publish the next version of a calendar; it counts from effectiveFrom on, and time already counted stays on the versions it counted on',
      roles: ['admin'],
      params: calendarParamsSchema,
      body: z.object({
        calendar: calendarBodySchema.describe('the calendar document without its id; `version` is the next version (1 for a new calendar)'),
        effectiveFrom: effectiveFromSchema.optional(),
      }),
      responses: {
        201: { description: 'The published version', schema: publishedSchema },
        409: { description: 'The version is not the next one (latestVersion says which is), or another admin published meanwhile' },
        422: { description: 'effectiveFrom is in the past (rule calendar_effective_in_past) or not after the previous version’s (calendar_effective_out_of_order)' },
      },
      handler: async ({ params: { calendarId }, body, request, reply }) => {
        const versions = await loadCalendarVersions(deps.store, calendarId);
        const published = await publishNextVersion(deps.store, versions, { ...body.calendar, id: calendarId }, {
          actor: actorOf(request), correlationId: request.id, now: deps.clock(),
          ...(body.effectiveFrom ? { effectiveFrom: body.effectiveFrom } : {}),
          paths: { version: 'body.calendar.version', effectiveFrom: 'body.effectiveFrom' },
        });
        return reply.code(201).send(published);
      },
    });

    route(app, {
      method: 'POST', url: '/v1/calendars/:calendarId/holidays', operationId: 'importCalendarHolidays', tags: ['calendars'],
      summary: 'Import public holidays from an iCalendar file (Content-Type: text/calendar; every all-day VEVENT is a holiday) into the calendar’s next version; dates the calendar already lists keep their rule and are reported',
      roles: ['admin'],
      params: calendarParamsSchema,
      query: z.object({
        expectedVersion: z.coerce.number().int().min(1).describe('the latest version you read; a stale one is a 409'),
        effectiveFrom: effectiveFromSchema.optional(),
      }),
      body: z.string().describe('an iCalendar (.ics) file, sent as text/calendar'),
      responses: {
        201: { description: 'The published version and what was imported', schema: publishedSchema.extend(importedSchema) },
        200: { description: 'Every date was already listed: nothing was published', schema: publishedSchema.extend({ ...importedSchema, position: z.null() }) },
        404: { description: 'No such calendar' },
        409: { description: 'expectedVersion is not the latest version' },
        422: { description: 'effectiveFrom is in the past or not after the previous version’s' },
      },
      handler: async ({ params: { calendarId }, query, body, request, reply }) => {
        const imported = importHolidays(body);
        if (!imported.ok) {
          const errors = imported.problems.map(({ path, message }) => ({ path: `body.${path}`, message }));
          throw new ProblemError(problems.CTP_VALIDATION_FAILED, `${errors.length} problem(s) in the iCalendar file`, errors);
        }
        if (imported.holidays.length > MAX_IMPORTED_DAYS) {
          throw new ProblemError(problems.CTP_VALIDATION_FAILED, 'too many holidays in one file', [{ path: 'body', message: `${imported.holidays.length} days off: at most ${MAX_IMPORTED_DAYS} in one import` }]);
        }
        const versions = await publishedVersions(deps, calendarId);
        const latest = versions.at(-1)!;
        const { document, added, alreadyListed } = mergeHolidays(latest.calendar, imported.holidays);
        if (added.length === 0 && query.expectedVersion === latest.calendar.version) {
          return reply.code(200).send({ calendarId, version: latest.calendar.version, effectiveFrom: latest.effectiveFrom, position: null, added, alreadyListed });
        }
        const published = await publishNextVersion(deps.store, versions, { ...document, version: query.expectedVersion + 1 }, {
          actor: actorOf(request), correlationId: request.id, now: deps.clock(),
          ...(query.effectiveFrom ? { effectiveFrom: query.effectiveFrom } : {}),
          paths: { version: 'query.expectedVersion', effectiveFrom: 'query.effectiveFrom' },
        });
        return reply.code(201).send({ ...published, added, alreadyListed });
      },
    });
  };
}
