import type { IsoDate } from './dates.js';
import { instantIn, isoDateIn, startOfDayIn } from './time-zones.js';
import { closeOfBusiness, firstDayAfter, isWorkingDay, spansFrom, workingSpansOn, WorkingCalendarError, type Span, type WorkingCalendar } from './working-time.js';

/** A calendar version and the instant from which it counts; the version before it keeps counting what came earlier. */
export interface CalendarVersion {
  readonly effectiveFrom: number;
  readonly calendar: WorkingCalendar;
}

/** Calendar versions in the order they took effect; the first also covers anything before it. */
export type CalendarTimeline = readonly CalendarVersion[];

/** Working time that counted, and the calendar version it counted on. */
export interface CountedSpan extends Span {
  readonly version: number;
}

export interface WorkingTime {
  readonly ms: number;
  readonly segments: readonly CountedSpan[];
  /** Every calendar version that counted, in order (the one in effect at the start when nothing counted). */
  readonly versions: readonly number[];
}

export interface CountedDeadline {
  readonly at: number;
  /** Where counting began: the start, or the opening of the next working day when intake counts from it. */
  readonly countedFrom: number;
  readonly segments: readonly CountedSpan[];
  readonly versions: readonly number[];
}

export type CalendarSource = WorkingCalendar | CalendarTimeline;

/** Checks that versions take effect in order, each with a later version number. */
export function calendarTimeline(versions: readonly CalendarVersion[]): CalendarTimeline {
  if (versions.length === 0) throw new WorkingCalendarError('a calendar timeline needs at least one version');
  versions.forEach((entry, index) => {
    const before = versions[index - 1];
    if (before && entry.effectiveFrom <= before.effectiveFrom) throw new WorkingCalendarError(`version ${entry.calendar.version} must take effect after version ${before.calendar.version}`);
    if (before && entry.calendar.version <= before.calendar.version) throw new WorkingCalendarError(`version ${entry.calendar.version} must be greater than version ${before.calendar.version}`);
  });
  return versions;
}

export function timelineOf(source: CalendarSource): CalendarTimeline {
  return Array.isArray(source) ? (source as CalendarTimeline) : [{ effectiveFrom: -Infinity, calendar: source as WorkingCalendar }];
}

function indexAt(timeline: CalendarTimeline, instant: number): number {
  let index = 0;
  while (index + 1 < timeline.length && timeline[index + 1]!.effectiveFrom <= instant) index += 1;
  return index;
}

/** The version a whole day is judged by: the one in effect when the day began, in that version's zone. */
function calendarOn(timeline: CalendarTimeline, date: IsoDate): WorkingCalendar {
  for (let index = timeline.length - 1; index > 0; index -= 1) {
    const { effectiveFrom, calendar } = timeline[index]!;
    if (effectiveFrom <= startOfDayIn(date, calendar.timeZone)) return calendar;
  }
  return timeline[0]!.calendar;
}

/** Working spans from `from` on, each counted on the version in effect at that time, cut where a version takes over. */
function* countedSpansFrom(timeline: CalendarTimeline, from: number): Generator<CountedSpan> {
  for (let index = indexAt(timeline, from); index < timeline.length; index += 1) {
    const { effectiveFrom, calendar } = timeline[index]!;
    const until = timeline[index + 1]?.effectiveFrom ?? Infinity;
    // the first version also covers the time before it took effect
    for (const span of spansFrom(calendar, index === 0 ? from : Math.max(from, effectiveFrom), until)) {
      if (span.start >= until) break;
      yield { start: span.start, end: Math.min(span.end, until), version: calendar.version };
    }
  }
}

/** The calendar version in effect at an instant. */
export function calendarAt(source: CalendarSource, instant: number): WorkingCalendar {
  const timeline = timelineOf(source);
  return timeline[indexAt(timeline, instant)]!.calendar;
}

function versionsOf(segments: readonly CountedSpan[], timeline: CalendarTimeline, start: number): number[] {
  const versions = [...new Set(segments.map(({ version }) => version))];
  return versions.length > 0 ? versions : [calendarAt(timeline, start).version];
}

/** Business time between two instants: the parts of working periods in [from, to), and which they were. */
export function workingTime(source: CalendarSource, from: number, to: number): WorkingTime {
  const timeline = timelineOf(source);
  const segments: CountedSpan[] = [];
  if (to > from) {
    for (const span of countedSpansFrom(timeline, from)) {
      if (span.start >= to) break;
      segments.push({ ...span, end: Math.min(span.end, to) });
    }
  }
  return { ms: segments.reduce((total, { start, end }) => total + end - start, 0), segments, versions: versionsOf(segments, timeline, from) };
}

/** The earliest instant by which `ms` of business time has passed since `from`: always inside or at the end of a period. */
export function addBusinessTime(source: CalendarSource, from: number, ms: number): CountedDeadline {
  if (!Number.isSafeInteger(ms) || ms < 0) throw new RangeError(`business time must be a whole number of ms, not negative: ${ms}`);
  const timeline = timelineOf(source);
  const segments: CountedSpan[] = [];
  let left = ms;
  for (const span of countedSpansFrom(timeline, from)) {
    const at = span.start + Math.min(left, span.end - span.start);
    if (at > span.start) segments.push({ ...span, end: at });
    left -= at - span.start;
    if (left === 0) return { at, countedFrom: from, segments, versions: versionsOf(segments, timeline, from) };
  }
  throw new WorkingCalendarError('unreachable: the spans never end');
}

/** The working day intake counts from: its own, or the next one when it is a day off or at or past the cut-off. */
function countingDay(timeline: CalendarTimeline, intake: number): IsoDate {
  const calendar = calendarAt(timeline, intake);
  const date = isoDateIn(intake, calendar.timeZone);
  const next = () => nextWorkingDayOn(timeline, date);
  if (!isWorkingDay(calendar, date)) return next();
  const cutOff = calendar.cutOffMinutes === null ? closeOfBusiness(calendar, date) : instantIn(date, calendar.cutOffMinutes, calendar.timeZone);
  return intake >= cutOff ? next() : date;
}

function nextWorkingDayOn(timeline: CalendarTimeline, date: IsoDate): IsoDate {
  return firstDayAfter(date, (day) => isWorkingDay(calendarOn(timeline, day), day));
}

/**
 * "N working days": close of business on the Nth working day after the day intake counts from (0: close
 * of that day). Each day is judged by the calendar version in effect when it began.
 */
export function addWorkingDays(source: CalendarSource, intake: number, days: number): CountedDeadline {
  if (!Number.isSafeInteger(days) || days < 0) throw new RangeError(`working days must be a whole number, not negative: ${days}`);
  const timeline = timelineOf(source);
  const first = countingDay(timeline, intake);
  let date = first;
  for (let counted = 0; counted < days; counted += 1) date = nextWorkingDayOn(timeline, date);
  const at = closeOfBusiness(calendarOn(timeline, date), date);
  const opening = workingSpansOn(calendarOn(timeline, first), first)[0]!.start;
  const countedFrom = Math.max(intake, opening);
  const { segments, versions } = workingTime(timeline, countedFrom, at);
  return { at, countedFrom, segments, versions };
}

/** Working time in ms between two instants: the parts of working periods in [from, to). */
export function workingTimeBetween(calendar: WorkingCalendar, from: number, to: number): number {
  return workingTime(calendar, from, to).ms;
}

/** The instant `ms` of working time after `from` (a target in business hours): always inside or at the end of a period. */
export function addWorkingTime(calendar: WorkingCalendar, from: number, ms: number): number {
  return addBusinessTime(calendar, from, ms).at;
}

/**
 * "N working days": close of business on the Nth working day after intake. Intake at or after the
 * day's cut-off, or on a day off, counts from the next working day (0 days: close of that day).
 */
export function workingDaysDeadline(calendar: WorkingCalendar, intake: number, days: number): number {
  return addWorkingDays(calendar, intake, days).at;
}
