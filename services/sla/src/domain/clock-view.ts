import type { CaseEvent, CaseStatus, SlaMetric } from '@ctp/contracts';
import { evolve, initialCaseState, type OpenedCase } from './case-state.js';
import { countedSegments, deadlineOf, elapsedAt, projectedDeadline, timelineFor, warningAtOf, type CalendarTimelines } from './clock.js';
import { activeClocks, ruleOf, type ClockTimer } from './clock-decider.js';
import { isoIn } from './clock-events.js';
import type { ClockCycle, SlaTarget } from './clock-state.js';
import { escalationDelayMs, type SlaPolicy } from './sla-policy.js';

export type MetricState = 'running' | 'warned' | 'paused' | 'met' | 'breached' | 'stopped';

export interface MetricExplanation {
  readonly slaPolicy: OpenedCase['slaPolicy'];
  readonly calendarId: string;
  readonly calendarVersions: readonly number[];
  readonly countedFrom: string;
  /** The working segments that counted (calendar time: the stretches counted), each with its calendar version. */
  readonly segments: readonly { readonly start: string; readonly end: string; readonly version: number }[];
  readonly reschedules: readonly { readonly at: string; readonly cause: string; readonly previousDeadline: string | null; readonly deadline: string | null; readonly duration: string }[];
  readonly computation: string;
}

export interface MetricView {
  readonly metric: SlaMetric;
  readonly cycle: number;
  readonly state: MetricState;
  readonly target: SlaTarget;
  readonly targetMs: number;
  /** Null while paused: the deadline depends on when the clock resumes. */
  readonly deadline: string | null;
  readonly elapsedMs: number;
  readonly remainingMs: number;
  readonly paused: readonly { readonly from: string; readonly to: string | null; readonly status: CaseStatus }[];
  readonly explanation: MetricExplanation;
}

function stateOf(clock: ClockCycle): MetricState {
  if (clock.phase === 'met') return 'met';
  if (clock.breached) return 'breached';
  if (clock.phase === 'stopped' || clock.phase === 'paused') return clock.phase;
  return clock.warned ? 'warned' : 'running';
}

const hours = (ms: number) => `${Number((ms / 3_600_000).toFixed(3))} h`;

function computation(clock: ClockCycle, elapsedMs: number, deadline: string | null, countedFrom: string): string {
  const { duration, basis, calendarId } = clock.target;
  const target = `${duration} in ${basis} time on calendar ${calendarId}`;
  const length = /working days?$/.test(duration) ? `close of business of the last working day, ${hours(clock.targetMs)} of business time` : hours(clock.targetMs);
  const pauses = clock.pauses.length === 0 ? 'no pause' : `${clock.pauses.length} paused span(s) not counted`;
  const due = deadline === null ? 'due when it resumes' : `due ${deadline}`;
  return `${target}: ${length} from ${countedFrom}; ${hours(elapsedMs)} counted, ${pauses}; ${due}`;
}

function deadlineAt(clock: ClockCycle, calendars: CalendarTimelines): number | null {
  const timeline = timelineFor(calendars, clock.target.calendarId);
  if (clock.phase === 'paused') return null;
  if (clock.phase === 'running') return deadlineOf(clock, timeline);
  return projectedDeadline(clock, timeline, clock.stoppedAt!);
}

/** Each clock cycle of the case at `now`: its state, deadline, time counted and left, pauses, and how it was computed. */
export function clockView(state: OpenedCase, calendars: CalendarTimelines, now: number): MetricView[] {
  return state.clocks.map((clock) => {
    const timeline = timelineFor(calendars, clock.target.calendarId);
    const iso = (ms: number) => isoIn(timeline, ms);
    const elapsedMs = elapsedAt(clock, timeline, now);
    const due = deadlineAt(clock, calendars);
    const deadline = due === null ? null : iso(due);
    const segments = countedSegments(clock, timeline, now).map(({ start, end, version }) => ({ start: iso(start), end: iso(end), version }));
    const calendarVersions = [...new Set([...clock.calendars.map(({ version }) => version), ...segments.map(({ version }) => version)])].toSorted((a, b) => a - b);
    const countedFrom = iso(clock.countedFrom);
    return {
      metric: clock.metric,
      cycle: clock.cycle,
      state: stateOf(clock),
      target: clock.target,
      targetMs: clock.targetMs,
      deadline,
      elapsedMs,
      remainingMs: Math.max(0, clock.targetMs - elapsedMs),
      paused: clock.pauses.map(({ from, to, status }) => ({ from: iso(from), to: to === null ? null : iso(to), status })),
      explanation: {
        slaPolicy: state.slaPolicy,
        calendarId: clock.target.calendarId,
        calendarVersions,
        countedFrom,
        segments,
        reschedules: clock.reschedules.map(({ at, cause, previousDeadline, deadline: moved, target }) => ({ at: iso(at), cause, previousDeadline, deadline: moved, duration: target.duration })),
        computation: computation(clock, elapsedMs, deadline, countedFrom),
      },
    };
  });
}

/** The clocks of a case from its stored events and its calendars' versions: the same after any rebuild. */
export function clocksOf(events: readonly CaseEvent[], calendars: CalendarTimelines, now: number): MetricView[] {
  const state = events.reduce(evolve, initialCaseState());
  return state === null ? [] : clockView(state, calendars, now);
}

export interface DueTimer {
  readonly timer: ClockTimer;
  readonly at: number;
}

/** The timers a case's running clocks need: a warning and a breach each until recorded, then the escalation levels not yet reached. */
export function dueTimers(state: OpenedCase, policy: SlaPolicy, calendars: CalendarTimelines): DueTimer[] {
  const escalation = ruleOf(state, policy).escalation.filter(({ level }) => level > state.escalationLevel);
  return activeClocks(state)
    .filter(({ phase }) => phase === 'running')
    .flatMap((clock) => {
      const timeline = timelineFor(calendars, clock.target.calendarId);
      const deadline = deadlineOf(clock, timeline)!;
      const key = { metric: clock.metric, cycle: clock.cycle };
      const warning = clock.warned || clock.breached ? [] : [{ timer: { ...key, kind: 'warning' as const }, at: warningAtOf(clock, timeline)! }];
      const breach = clock.breached ? [] : [{ timer: { ...key, kind: 'breach' as const }, at: deadline }];
      const levels = escalation.map((level) => ({ timer: { ...key, kind: 'escalation' as const, level: level.level }, at: deadline + escalationDelayMs(level) }));
      return [...warning, ...breach, ...levels];
    });
}
