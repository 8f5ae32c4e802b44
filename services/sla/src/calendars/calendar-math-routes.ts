import { calendarAt, deadline, publishedTimeline, isoDateTimeIn, parseDuration, workingTime, WorkingCalendarError, type CalendarTimeline, type CountedSpan, type TargetDuration } from '@ctp/calendar';
import { isoDateTimeSchema } from '@ctp/contracts';
import { problems, ProblemError, route } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { SlaErrorCode } from '../domain/errors.js';
import type { SlaDeps } from '../sla-deps.js';
import { calendarParamsSchema, segmentsSchema } from './calendar-schemas.js';
import { loadCalendarVersions } from './calendar-stream.js';

const readers = ['agent', 'analyst', 'auditor', 'admin'] as const;

const HOUR_MS = 3_600_000;
/** The longest span the math walks: counting is day by day, so a request may not ask it to walk for ever. */
const MAX_SPAN_MS = 366 * 24 * HOUR_MS;
const MAX_WORKING_DAYS = 250;

const tooLong = (target: TargetDuration) => (target.basis === 'workingDays' ? target.days > MAX_WORKING_DAYS : target.ms > MAX_SPAN_MS);

const deadlineQuerySchema = z
  .object({
    start: isoDateTimeSchema.describe('when the target starts counting (intake)'),
    duration: z
      .string()
      .min(1)
      .max(40)
      .superRefine((text, context) => {
        const parsed = parseDuration(text, 'calendar');
        if (!parsed.ok) context.addIssue({ code: 'custom', message: parsed.message });
      })
      .describe('an ISO 8601 duration (PT2H; days and weeks only in calendar time) or "N working days"'),
    basis: z.enum(['business', 'calendar']).default('business').describe('how an ISO duration counts: working periods only, or every millisecond'),
  })
  .transform((query, context) => {
    const parsed = parseDuration(query.duration, query.basis);
    if (!parsed.ok) context.addIssue({ code: 'custom', path: ['duration'], message: parsed.message });
    else if (tooLong(parsed.duration)) context.addIssue({ code: 'custom', path: ['duration'], message: `at most ${MAX_WORKING_DAYS} working days or 366 days of time` });
    return parsed.ok ? { ...query, target: parsed.duration } : z.NEVER;
  });

const workingTimeQuerySchema = z
  .object({ from: isoDateTimeSchema, to: isoDateTimeSchema })
  .superRefine(({ from, to }, context) => {
    const span = Date.parse(to) - Date.parse(from);
    if (span < 0) context.addIssue({ code: 'custom', path: ['to'], message: `must not be before from (${from})` });
    else if (span > MAX_SPAN_MS) context.addIssue({ code: 'custom', path: ['to'], message: 'at most 366 days after from' });
  });

const zoneAt = (timeline: CalendarTimeline, instant: number) => calendarAt(timeline, instant).timeZone;

/** Each segment as ISO instants in the zone of the version it counted on. */
function segmentsIn(timeline: CalendarTimeline, segments: readonly CountedSpan[]) {
  const zones = new Map(timeline.map(({ calendar }) => [calendar.version, calendar.timeZone]));
  return segments.map(({ start, end, version }) => {
    const zone = zones.get(version)!;
    return { start: isoDateTimeIn(start, zone), end: isoDateTimeIn(end, zone), version };
  });
}

async function timelineOf(deps: Pick<SlaDeps, 'store'>, calendarId: string): Promise<CalendarTimeline> {
  const versions = await loadCalendarVersions(deps.store, calendarId);
  if (versions.length === 0) throw new ProblemError(problems.CTP_NOT_FOUND, `calendar ${calendarId} was never published`);
  return publishedTimeline(versions);
}

/** A calendar without working time within the search window cannot answer: a 422, not a 500. */
function counted<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (!(error instanceof WorkingCalendarError)) throw error;
    throw new ProblemError(problems.CTP_UNPROCESSABLE, error.message, [{ path: 'params.calendarId', message: error.message, rule: 'calendar_without_working_time' satisfies SlaErrorCode }]);
  }
}

export function calendarMathRoutes(deps: SlaDeps) {
  return async (app: FastifyInstance) => {
    route(app, {
      method: 'GET', url: '/v1/calendars/:calendarId/deadline', operationId: 'calendarDeadline', tags: ['calendars'],
      summary: 'When a target started at `start` falls due on the calendar’s versions: business time counts working periods, "N working days" ends at close of business of the Nth working day (intake at or after the cut-off or on a day off counts from the next working day)',
      roles: readers,
      params: calendarParamsSchema,
      query: deadlineQuerySchema,
      responses: {
        200: {
          description: 'The deadline, where counting began, the calendar versions used and the segments counted',
          schema: z.object({ calendarId: z.string(), start: z.string(), duration: z.string(), basis: z.string(), deadline: z.string(), countedFrom: z.string(), countedMs: z.int(), versions: z.array(z.int()), segments: segmentsSchema }),
        },
        404: { description: 'No such calendar' },
      },
      handler: async ({ params: { calendarId }, query }) => {
        const timeline = await timelineOf(deps, calendarId);
        const start = Date.parse(query.start);
        const due = counted(() => deadline(timeline, start, query.target));
        return {
          calendarId, start: isoDateTimeIn(start, zoneAt(timeline, start)), duration: query.duration, basis: query.target.basis,
          deadline: isoDateTimeIn(due.at, zoneAt(timeline, due.at)),
          countedFrom: isoDateTimeIn(due.countedFrom, zoneAt(timeline, due.countedFrom)),
          countedMs: due.segments.reduce((total, { start: from, end }) => total + end - from, 0),
          versions: due.versions,
          segments: segmentsIn(timeline, due.segments),
        };
      },
    });

    route(app, {
      method: 'GET', url: '/v1/calendars/:calendarId/working-time', operationId: 'calendarWorkingTime', tags: ['calendars'],
      summary: 'The business time between two instants on the calendar’s versions: the parts of working periods in [from, to)',
      roles: readers,
      params: calendarParamsSchema,
      query: workingTimeQuerySchema,
      responses: {
        200: { description: 'The working time in ms, the versions used and the segments counted', schema: z.object({ calendarId: z.string(), from: z.string(), to: z.string(), ms: z.int(), versions: z.array(z.int()), segments: segmentsSchema }) },
        404: { description: 'No such calendar' },
      },
      handler: async ({ params: { calendarId }, query }) => {
        const timeline = await timelineOf(deps, calendarId);
        const [from, to] = [Date.parse(query.from), Date.parse(query.to)];
        const { ms, segments, versions } = counted(() => workingTime(timeline, from, to));
        return { calendarId, from: isoDateTimeIn(from, zoneAt(timeline, from)), to: isoDateTimeIn(to, zoneAt(timeline, to)), ms, versions, segments: segmentsIn(timeline, segments) };
      },
    });
  };
}
