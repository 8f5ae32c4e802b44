import { z } from 'zod';
import { type Weekday } from './dates.js';
import { isTimeZone } from './time-zones.js';
import { workingCalendar, type WorkingCalendar, type WorkingPeriodSpec } from './working-time.js';
import { calendarTimeline, type CalendarTimeline } from './counting.js';

const wallTimePattern = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const wallTime = z.string().regex(wallTimePattern, 'must be a wall time HH:MM, 00:00 to 24:00');

function isCalendarDate(text: string): boolean {
  const parsed = /^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(`${text}T00:00:00Z`) : NaN;
  return !Number.isNaN(parsed) && new Date(parsed).toISOString().startsWith(text);
}

export const isoDateSchema = z.string().refine(isCalendarDate, 'must be a calendar date YYYY-MM-DD');

const periodSchema = z.strictObject({ from: wallTime, to: wallTime });

/** A day's working periods: each ends after it starts, and none overlaps another. */
const periodsSchema = z.array(periodSchema).superRefine((periods, context) => {
  const checked = periods.map((period, index) => ({ ...period, index })).filter(({ from, to }) => wallTimePattern.test(from) && wallTimePattern.test(to));
  checked.forEach(({ from, to, index }) => {
    if (to <= from) context.addIssue({ code: 'custom', path: [index, 'to'], message: `must be after the period's start ${from}` });
    checked.forEach((other) => {
      if (other.index < index && from < other.to && other.from < to) {
        context.addIssue({ code: 'custom', path: [index], message: `overlaps period ${other.index} (${other.from}-${other.to})` });
      }
    });
  });
});

export const weekdayNames = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

const name = z.string().trim().min(1, 'must not be empty').max(200);

const datedEntry = { date: isoDateSchema, name };

/**
 * A business calendar as `PUT /v1/calendars/{id}` accepts it. A date listed under holidays is closed,
 * under makeUpDays (调休 / 补班) worked with its own periods, under overrides given its own periods
 * (none: closed); a date appears at most once across the three lists.
 */
export const calendarDocumentSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lower-case letters, digits and dashes, at most 63'),
    version: z.number().int().min(1),
    name: name.optional(),
    timeZone: z.string().refine(isTimeZone, 'is not an IANA time zone'),
    week: z.strictObject(Object.fromEntries(weekdayNames.map((day) => [day, periodsSchema.optional()])) as Record<(typeof weekdayNames)[number], z.ZodOptional<typeof periodsSchema>>),
    holidays: z.array(z.strictObject(datedEntry)).default([]),
    makeUpDays: z.array(z.strictObject({ ...datedEntry, periods: periodsSchema.min(1, 'a make-up working day needs working periods') })).default([]),
    overrides: z.array(z.strictObject({ date: isoDateSchema, periods: periodsSchema, reason: name.optional() })).default([]),
    cutOff: wallTime.optional(),
  })
  .superRefine((document, context) => {
    const seen = new Map<string, string>();
    for (const list of ['holidays', 'makeUpDays', 'overrides'] as const) {
      document[list].forEach(({ date }, index) => {
        const where = `${list}[${index}]`;
        const first = seen.get(date);
        if (first) context.addIssue({ code: 'custom', path: [list, index, 'date'], message: `${date} is already listed at ${first}` });
        else seen.set(date, where);
      });
    }
  });

export type CalendarDocument = z.output<typeof calendarDocumentSchema>;
export type CalendarDocumentInput = z.input<typeof calendarDocumentSchema>;

/** A problem with one field of a document, named by its path (e.g. week.monday[1].to). */
export interface FieldProblem {
  readonly path: string;
  readonly message: string;
}

export function fieldPathOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>((joined, key) => (typeof key === 'number' ? `${joined}[${key}]` : joined ? `${joined}.${String(key)}` : String(key)), '');
}

export type ParsedCalendar = { readonly ok: true; readonly document: CalendarDocument } | { readonly ok: false; readonly problems: readonly FieldProblem[] };

export function parseCalendarDocument(input: unknown): ParsedCalendar {
  const result = calendarDocumentSchema.safeParse(input);
  if (result.success) return { ok: true, document: result.data };
  return { ok: false, problems: result.error.issues.map((issue) => ({ path: fieldPathOf(issue.path), message: issue.message })) };
}

/** The checked document as a calendar to count with. */
export function calendarOf(document: CalendarDocument): WorkingCalendar {
  const week: Partial<Record<Weekday, readonly WorkingPeriodSpec[]>> = {};
  weekdayNames.forEach((day, index) => {
    const periods = document.week[day];
    if (periods) week[(index + 1) as Weekday] = periods;
  });
  const dates: Record<string, readonly WorkingPeriodSpec[]> = {};
  for (const { date, periods } of [...document.makeUpDays, ...document.overrides]) dates[date] = periods;
  return workingCalendar({
    version: document.version,
    timeZone: document.timeZone,
    week,
    holidays: document.holidays.map(({ date }) => date),
    dates,
    ...(document.cutOff ? { cutOff: document.cutOff } : {}),
  });
}

/** A calendar version as published (CalendarVersionPublished): its document and when it takes effect. */
export interface PublishedCalendarVersion {
  readonly calendar: CalendarDocument;
  readonly effectiveFrom: string;
}

/** Published versions, oldest first, as the counting takes them: each from its effectiveFrom, the first also before it. */
export function publishedTimeline(versions: readonly PublishedCalendarVersion[]): CalendarTimeline {
  return calendarTimeline(versions.map(({ calendar, effectiveFrom }) => ({ effectiveFrom: Date.parse(effectiveFrom), calendar: calendarOf(calendar) })));
}
