import { addBusinessTime, deadline as countDeadline, workingTime, type CalendarTimeline, type CountedSpan } from '@ctp/calendar';
import type { ClockCycle, SlaTarget } from './clock-state.js';
import { SlaError } from './errors.js';
import { targetDuration } from './sla-policy.js';

/** Each named calendar's versions, in the order they took effect. */
export type CalendarTimelines = Readonly<Record<string, CalendarTimeline>>;

export function timelineFor(calendars: CalendarTimelines, calendarId: string): CalendarTimeline {
  const timeline = calendars[calendarId];
  if (!timeline) throw new SlaError('sla_calendar_unknown', `calendar ${calendarId} is not known`);
  return timeline;
}

/** A target turned into time to elapse on its basis, counted from `countedFrom`. */
export interface Budget {
  readonly targetMs: number;
  readonly countedFrom: number;
  readonly deadline: number;
  readonly versions: readonly number[];
}

/**
 * Business and calendar targets are their own length; "N working days" becomes the business time
 * from where counting starts (the next working day after the cut-off) to close of business of the Nth day.
 */
export function budgetOf(target: SlaTarget, timeline: CalendarTimeline, start: number): Budget {
  const duration = targetDuration(target);
  const counted = countDeadline(timeline, start, duration);
  const targetMs = duration.basis === 'workingDays' ? workingTime(timeline, counted.countedFrom, counted.at).ms : duration.ms;
  return { targetMs, countedFrom: counted.countedFrom, deadline: counted.at, versions: counted.versions };
}

const countsBusinessTime = (target: SlaTarget) => target.basis === 'business';

function measure(clock: ClockCycle, timeline: CalendarTimeline, from: number, to: number): number {
  if (to <= from) return 0;
  return countsBusinessTime(clock.target) ? workingTime(timeline, from, to).ms : to - from;
}

/** The intervals the clock counted in up to `now`, cut at `now`. */
function intervalsUntil(clock: ClockCycle, now: number): { from: number; to: number }[] {
  return clock.intervals.filter(({ from }) => from < now).map(({ from, to }) => ({ from, to: Math.min(to ?? now, now) }));
}

export function elapsedAt(clock: ClockCycle, timeline: CalendarTimeline, now: number): number {
  return intervalsUntil(clock, now).reduce((total, { from, to }) => total + measure(clock, timeline, from, to), 0);
}

/** The working segments that counted up to `now` (calendar time: the intervals themselves). */
export function countedSegments(clock: ClockCycle, timeline: CalendarTimeline, now: number): CountedSpan[] {
  return intervalsUntil(clock, now).flatMap(({ from, to }) => {
    if (countsBusinessTime(clock.target)) return workingTime(timeline, from, to).segments;
    return to > from ? [{ start: from, end: to, version: clock.calendars[0]?.version ?? 1 }] : [];
  });
}

/** When `amount` of the clock's time will have elapsed, or null when a pause stops it from getting there. */
export function instantWhenElapsed(clock: ClockCycle, timeline: CalendarTimeline, amount: number): number | null {
  let counted = 0;
  for (const { from, to } of clock.intervals) {
    const length = to === null ? Infinity : measure(clock, timeline, from, to);
    if (counted + length >= amount) {
      const left = amount - counted;
      return countsBusinessTime(clock.target) ? addBusinessTime(timeline, from, left).at : from + left;
    }
    counted += length;
  }
  return null;
}

export const deadlineOf = (clock: ClockCycle, timeline: CalendarTimeline) => instantWhenElapsed(clock, timeline, clock.targetMs);

export const warningAtOf = (clock: ClockCycle, timeline: CalendarTimeline) =>
  instantWhenElapsed(clock, timeline, Math.floor(clock.targetMs * clock.target.warnAtRatio));

/**
 * When the clock falls due if it counts on from `at`: the deadline already passed, or `at` plus what is
 * left (a paused or stopped clock is projected as if it resumed at `at`).
 */
export function projectedDeadline(clock: ClockCycle, timeline: CalendarTimeline, at: number): number {
  const elapsed = elapsedAt(clock, timeline, at);
  if (elapsed >= clock.targetMs) return instantWhenElapsed(clock, timeline, clock.targetMs) ?? at;
  const left = clock.targetMs - elapsed;
  const from = Math.max(at, clock.countedFrom);
  return countsBusinessTime(clock.target) ? addBusinessTime(timeline, from, left).at : from + left;
}
