import { calendarAt, isoDateTimeIn, type CalendarTimeline } from '@ctp/calendar';
import type { CaseEvent } from '@ctp/contracts';
import { budgetOf, elapsedAt, projectedDeadline, timelineFor, type CalendarTimelines } from './clock.js';
import type { ClockCycle, SlaTarget } from './clock-state.js';

/** An instant written in the calendar's zone, as the events carry it. */
export const isoIn = (timeline: CalendarTimeline, ms: number) => isoDateTimeIn(ms, calendarAt(timeline, ms).timeZone);

export const clockKey = (caseId: string, clock: ClockCycle) => ({ caseId, metric: clock.metric, cycle: clock.cycle });

export function startClock(caseId: string, target: SlaTarget, cycle: number, start: number, calendars: CalendarTimelines): CaseEvent {
  const timeline = timelineFor(calendars, target.calendarId);
  const budget = budgetOf(target, timeline, start);
  return {
    type: 'SlaClockStarted',
    data: {
      caseId,
      metric: target.metric,
      cycle,
      at: isoIn(timeline, start),
      countedFrom: isoIn(timeline, budget.countedFrom),
      target,
      targetMs: budget.targetMs,
      deadline: isoIn(timeline, budget.deadline),
      calendars: budget.versions.map((version) => ({ calendarId: target.calendarId, version })),
    },
  };
}

export type StopReason = 'replied' | 'resolved' | 'closed' | 'merged';

/**
 * A reply or resolution in time is met (a breach the timer recorded before a late report of it is retracted);
 * after the deadline the breach is recorded (if the timer has not) and the clock stops.
 */
export function stopClock(caseId: string, clock: ClockCycle, at: number, reason: StopReason, calendars: CalendarTimelines): CaseEvent[] {
  const timeline = timelineFor(calendars, clock.target.calendarId);
  const key = { ...clockKey(caseId, clock), at: isoIn(timeline, at) };
  const elapsedMs = elapsedAt(clock, timeline, at);
  const due = projectedDeadline(clock, timeline, at);
  const answered = reason === 'replied' || reason === 'resolved';
  if (answered && at <= due) {
    const deadline = isoIn(timeline, due);
    const retracted: CaseEvent[] = clock.breached ? [{ type: 'SlaBreachRetracted', data: { ...key, cause: 'answered_in_time', deadline } }] : [];
    return [...retracted, { type: 'SlaMet', data: { ...key, deadline, elapsedMs } }];
  }
  const breach: CaseEvent[] = answered && !clock.breached ? [{ type: 'SlaBreached', data: { ...key, deadline: isoIn(timeline, due) } }] : [];
  return [...breach, { type: 'SlaClockStopped', data: { ...key, reason, elapsedMs } }];
}
