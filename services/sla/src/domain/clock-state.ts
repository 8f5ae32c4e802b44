import type { CaseEvent, CaseStatus, EventData, SlaMetric } from '@ctp/contracts';

export type SlaTarget = EventData<'SlaClockStarted'>['target'];
export type CalendarRef = EventData<'SlaClockStarted'>['calendars'][number];
export type RescheduleCause = EventData<'SlaDeadlineRescheduled'>['cause'];

/** A stretch of wall time the clock counted in; `to` is null while it still counts. */
export interface CountingInterval {
  readonly from: number;
  readonly to: number | null;
}

/** Wall time that did not count: a pausing status, or the time a resolved case spent before it reopened. */
export interface PausedSpan {
  readonly from: number;
  readonly to: number | null;
  readonly status: CaseStatus;
}

export interface Reschedule {
  readonly at: number;
  readonly cause: RescheduleCause;
  readonly target: SlaTarget;
  readonly previousDeadline: string | null;
  readonly deadline: string | null;
}

export type ClockPhase = 'running' | 'paused' | 'met' | 'stopped';

export interface ClockCycle {
  readonly metric: SlaMetric;
  readonly cycle: number;
  readonly startedAt: number;
  readonly countedFrom: number;
  readonly target: SlaTarget;
  readonly targetMs: number;
  readonly calendars: readonly CalendarRef[];
  readonly phase: ClockPhase;
  readonly stoppedAt: number | null;
  readonly intervals: readonly CountingInterval[];
  readonly pauses: readonly PausedSpan[];
  readonly warned: boolean;
  /** A breach recorded and not retracted. */
  readonly breached: boolean;
  readonly reschedules: readonly Reschedule[];
}

type ClockEvent = Extract<CaseEvent, { data: { metric: SlaMetric; cycle: number } }>;

const isClockEvent = (event: CaseEvent): event is ClockEvent => 'cycle' in event.data;

const closeInterval = (intervals: readonly CountingInterval[], at: number) =>
  intervals.map((interval) => (interval.to === null ? { ...interval, to: at } : interval));

const closePause = (pauses: readonly PausedSpan[], at: number) => pauses.map((span) => (span.to === null ? { ...span, to: at } : span));

function started(data: EventData<'SlaClockStarted'>): ClockCycle {
  const countedFrom = Date.parse(data.countedFrom);
  return {
    metric: data.metric,
    cycle: data.cycle,
    startedAt: Date.parse(data.at),
    countedFrom,
    target: data.target,
    targetMs: data.targetMs,
    calendars: data.calendars,
    phase: 'running',
    stoppedAt: null,
    intervals: [{ from: countedFrom, to: null }],
    pauses: [],
    warned: false,
    breached: false,
    reschedules: [],
  };
}

function evolveClock(clock: ClockCycle, event: ClockEvent): ClockCycle {
  const at = Date.parse(event.data.at);
  switch (event.type) {
    case 'SlaClockPaused':
      return { ...clock, phase: 'paused', intervals: closeInterval(clock.intervals, at), pauses: [...clock.pauses, { from: at, to: null, status: event.data.status }] };
    case 'SlaClockResumed': {
      const pauses = clock.phase === 'paused' ? closePause(clock.pauses, at) : [...clock.pauses, { from: clock.stoppedAt ?? at, to: at, status: 'resolved' as const }];
      return { ...clock, phase: 'running', stoppedAt: null, pauses, intervals: [...clock.intervals, { from: at, to: null }] };
    }
    case 'SlaDeadlineRescheduled': {
      const { cause, target, targetMs, previousDeadline, deadline, calendars } = event.data;
      return { ...clock, target, targetMs, calendars, reschedules: [...clock.reschedules, { at, cause, target, previousDeadline, deadline }] };
    }
    case 'SlaWarningRaised':
      return { ...clock, warned: true };
    case 'SlaBreached':
      return { ...clock, breached: true };
    case 'SlaBreachRetracted':
      return { ...clock, breached: false };
    case 'SlaMet':
    case 'SlaClockStopped':
      return {
        ...clock,
        phase: event.type === 'SlaMet' ? 'met' : 'stopped',
        stoppedAt: at,
        intervals: closeInterval(clock.intervals, at),
        pauses: closePause(clock.pauses, at),
      };
    default:
      return clock;
  }
}

export function evolveClocks(clocks: readonly ClockCycle[], event: CaseEvent): readonly ClockCycle[] {
  if (event.type === 'SlaClockStarted') return [...clocks, started(event.data)];
  if (!isClockEvent(event)) return clocks;
  const { metric, cycle } = event.data;
  return clocks.map((clock) => (clock.metric === metric && clock.cycle === cycle ? evolveClock(clock, event) : clock));
}

export const isActive = (clock: ClockCycle) => clock.phase === 'running' || clock.phase === 'paused';
