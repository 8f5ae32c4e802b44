import { addDays, weekdayOf, type IsoDate, type Weekday } from './dates.js';
import { DEFAULT_TIME_ZONE, instantIn, isoDateIn, isTimeZone, startOfDayIn } from './time-zones.js';

/** A working period of a day in local wall time, HH:MM to HH:MM (24:00 for midnight at its end). */
export interface WorkingPeriodSpec {
  readonly from: string;
  readonly to: string;
}

export interface WorkingCalendarSpec {
  /** The calendar document's version, recorded on what is counted with it (default 1). */
  readonly version?: number;
  /** IANA time zone of the wall times and dates (default Asia/Shanghai). */
  readonly timeZone?: string;
  /** Working periods per ISO weekday (1 Monday ... 7 Sunday), several a day; a weekday left out is not worked. */
  readonly week: Readonly<Partial<Record<Weekday, readonly WorkingPeriodSpec[]>>>;
  /** Public holidays: not worked, whatever their weekday. */
  readonly holidays?: readonly IsoDate[];
  /** Make-up working days (调休 / 补班): worked, whatever their weekday, with the periods of `makeUpDaysWorkAs`. */
  readonly makeUpDays?: readonly IsoDate[];
  /** The weekday whose periods a make-up day works (default Monday). */
  readonly makeUpDaysWorkAs?: Weekday;
  /** Intake at or after this local time counts from the next working day (default: close of business). */
  readonly cutOff?: string;
  /** Dates with their own periods (none: closed), winning over the week, holidays and make-up days. */
  readonly dates?: Readonly<Record<IsoDate, readonly WorkingPeriodSpec[]>>;
}

/** A calendar checked and ready to ask; build it once with workingCalendar. */
export interface WorkingCalendar {
  readonly version: number;
  readonly timeZone: string;
  readonly week: ReadonlyMap<Weekday, readonly Minutes[]>;
  readonly holidays: ReadonlySet<IsoDate>;
  readonly makeUpDays: ReadonlySet<IsoDate>;
  readonly makeUpDaysWorkAs: Weekday;
  readonly cutOffMinutes: number | null;
  readonly dates: ReadonlyMap<IsoDate, readonly Minutes[]>;
}

/** Start and end in minutes after local midnight. */
type Minutes = readonly [from: number, to: number];

/** Working time as instants: start inclusive, end exclusive, epoch ms. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export class WorkingCalendarError extends Error {}

/** How far ahead a search for a working day looks before calling the calendar one without work. */
const searchDays = 2 * 366;

const wallTime = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;

function minutesOf(time: string, what: string): number {
  if (!wallTime.test(time)) throw new WorkingCalendarError(`${what} ${time} is not a wall time HH:MM`);
  const [hours, minutes] = time.split(':').map(Number);
  return hours! * 60 + minutes!;
}

function periodsOf(day: string, specs: readonly WorkingPeriodSpec[]): Minutes[] {
  const periods = specs.map(({ from, to }): Minutes => [minutesOf(from, `${day}: start`), minutesOf(to, `${day}: end`)]);
  periods.sort((a, b) => a[0] - b[0]);
  periods.forEach(([from, to], index) => {
    if (to <= from) throw new WorkingCalendarError(`${day}: a period must end after it starts`);
    if (index > 0 && from < periods[index - 1]![1]) throw new WorkingCalendarError(`${day}: periods overlap`);
  });
  return periods;
}

export function workingCalendar(spec: WorkingCalendarSpec): WorkingCalendar {
  const timeZone = spec.timeZone ?? DEFAULT_TIME_ZONE;
  if (!isTimeZone(timeZone)) throw new WorkingCalendarError(`${timeZone} is not an IANA time zone`);
  const week = new Map<Weekday, Minutes[]>();
  for (const weekday of [1, 2, 3, 4, 5, 6, 7] as const) {
    const periods = periodsOf(`weekday ${weekday}`, spec.week[weekday] ?? []);
    if (periods.length > 0) week.set(weekday, periods);
  }
  const makeUpDaysWorkAs = spec.makeUpDaysWorkAs ?? 1;
  if ((spec.makeUpDays ?? []).length > 0 && !week.has(makeUpDaysWorkAs)) throw new WorkingCalendarError(`make-up days work as weekday ${makeUpDaysWorkAs}, which has no periods`);
  const cutOffMinutes = spec.cutOff === undefined ? null : minutesOf(spec.cutOff, 'cut-off');
  const dates = new Map(Object.entries(spec.dates ?? {}).map(([date, periods]) => [date, periodsOf(date, periods)]));
  return { version: spec.version ?? 1, timeZone, week, holidays: new Set(spec.holidays), makeUpDays: new Set(spec.makeUpDays), makeUpDaysWorkAs, cutOffMinutes, dates };
}

function periodsOn(calendar: WorkingCalendar, date: IsoDate): readonly Minutes[] {
  const own = calendar.dates.get(date);
  if (own) return own;
  if (calendar.makeUpDays.has(date)) return calendar.week.get(calendar.makeUpDaysWorkAs) ?? [];
  if (calendar.holidays.has(date)) return [];
  return calendar.week.get(weekdayOf(date)) ?? [];
}

export function isWorkingDay(calendar: WorkingCalendar, date: IsoDate): boolean {
  return periodsOn(calendar, date).length > 0;
}

/** The date's working periods as instants, in order; none on a day off. */
export function workingSpansOn(calendar: WorkingCalendar, date: IsoDate): Span[] {
  return periodsOn(calendar, date).map(([from, to]) => ({ start: instantIn(date, from, calendar.timeZone), end: instantIn(date, to, calendar.timeZone) }));
}

/** The first working day strictly after `date`. */
export function nextWorkingDay(calendar: WorkingCalendar, date: IsoDate): IsoDate {
  return firstDayAfter(date, (day) => isWorkingDay(calendar, day));
}

/** The first day strictly after `date` that is worked, by a test that may ask a different calendar each day. */
export function firstDayAfter(date: IsoDate, worked: (day: IsoDate) => boolean): IsoDate {
  for (let day = addDays(date, 1), searched = 1; searched <= searchDays; day = addDays(day, 1), searched += 1) {
    if (worked(day)) return day;
  }
  throw new WorkingCalendarError(`no working day within ${searchDays} days after ${date}`);
}

/** The end of a working day's last period (the first instant after it). */
export function closeOfBusiness(calendar: WorkingCalendar, date: IsoDate): number {
  const spans = workingSpansOn(calendar, date);
  if (spans.length === 0) throw new WorkingCalendarError(`${date} is not a working day`);
  return spans[spans.length - 1]!.end;
}

/** The spans from the working day of `from` on, clipped to start no earlier than `from`, on days that begin before `until`. */
export function* spansFrom(calendar: WorkingCalendar, from: number, until = Infinity): Generator<Span> {
  const beyond = (day: IsoDate) => startOfDayIn(day, calendar.timeZone) >= until;
  const next = (day: IsoDate) => firstDayAfter(day, (later) => beyond(later) || isWorkingDay(calendar, later));
  for (let date = isoDateIn(from, calendar.timeZone); !beyond(date); date = next(date)) {
    for (const span of workingSpansOn(calendar, date)) if (span.end > from) yield { start: Math.max(span.start, from), end: span.end };
  }
}
