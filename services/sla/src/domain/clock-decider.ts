import type { CaseEvent, CaseStatus, SlaMetric } from '@ctp/contracts';
import { currentClock, instant, type CaseState, type OpenedCase } from './case-state.js';
import { budgetOf, deadlineOf, elapsedAt, projectedDeadline, timelineFor, warningAtOf, type CalendarTimelines } from './clock.js';
import { clockKey, isoIn, startClock, stopClock, type StopReason } from './clock-events.js';
import { isActive, type ClockCycle, type RescheduleCause, type SlaTarget } from './clock-state.js';
import { escalationDelayMs, matchRule, type SlaPolicy, type SlaRule } from './sla-policy.js';

export interface ClockTimer {
  readonly metric: SlaMetric;
  readonly cycle: number;
  readonly kind: 'warning' | 'breach' | 'escalation';
  /** The escalation level, for escalation timers. */
  readonly level?: number;
}

export type ClockCommand =
  /** React to the latest case event of the history (already folded into the state). */
  | { readonly kind: 'react'; readonly event: CaseEvent; readonly policy: SlaPolicy; readonly calendars: CalendarTimelines }
  | { readonly kind: 'fire'; readonly timer: ClockTimer; readonly now: number; readonly policy: SlaPolicy; readonly calendars: CalendarTimelines }
  /** A calendar got a new version: `calendars` holds the timelines with it, `previous` those without. */
  | { readonly kind: 'recalendar'; readonly calendarId: string; readonly at: number; readonly previous: CalendarTimelines; readonly calendars: CalendarTimelines };

export const activeClocks = (state: OpenedCase) =>
  [...new Set(state.clocks.map(({ metric }) => metric))].map((metric) => currentClock(state, metric)!).filter(isActive);

const sameTarget = (left: SlaTarget, right: SlaTarget) => JSON.stringify(left) === JSON.stringify(right);

/**
 * The rule the case counts on now: the policy (the version the case recorded, or a newer one the
 * caller chose) matched with the tier and priority as they are now.
 */
export function ruleOf(state: OpenedCase, policy: SlaPolicy): SlaRule {
  return matchRule(policy, state);
}

const targetOf = (rule: SlaRule, metric: SlaMetric): SlaTarget | undefined => {
  const target = rule.targets[metric];
  return target && { metric, ...target, warnAtRatio: rule.warnAtRatio };
};

function stopAll(state: OpenedCase, at: number, reason: StopReason, calendars: CalendarTimelines, metrics?: readonly SlaMetric[]): CaseEvent[] {
  return activeClocks(state)
    .filter(({ metric }) => !metrics || metrics.includes(metric))
    .flatMap((clock) => stopClock(state.caseId, clock, at, reason, calendars));
}

/** Pauses a running clock whose metric the new status pauses; resumes a paused one it no longer pauses. */
function followStatus(state: OpenedCase, status: CaseStatus, at: number, rule: SlaRule, calendars: CalendarTimelines): CaseEvent[] {
  return activeClocks(state).flatMap((clock): CaseEvent[] => {
    if (clock.metric === 'first_response') return [];
    const pausing = (rule.pauses[clock.metric] as readonly CaseStatus[]).includes(status);
    const timeline = timelineFor(calendars, clock.target.calendarId);
    const data = { ...clockKey(state.caseId, clock), at: isoIn(timeline, at), status, elapsedMs: elapsedAt(clock, timeline, at) };
    if (pausing && clock.phase === 'running') return [{ type: 'SlaClockPaused', data }];
    if (!pausing && clock.phase === 'paused') return [{ type: 'SlaClockResumed', data: { ...data, deadline: isoIn(timeline, projectedDeadline(clock, timeline, at)) } }];
    return [];
  });
}

/** A reopened case continues the resolution clock it stopped when resolved. */
function reopen(state: OpenedCase, at: number, calendars: CalendarTimelines): CaseEvent[] {
  const clock = currentClock(state, 'resolution');
  if (!clock || isActive(clock)) return [];
  const timeline = timelineFor(calendars, clock.target.calendarId);
  const elapsedMs = elapsedAt(clock, timeline, at);
  const deadline = isoIn(timeline, projectedDeadline(clock, timeline, at));
  return [{ type: 'SlaClockResumed', data: { ...clockKey(state.caseId, clock), at: isoIn(timeline, at), status: 'reopened', elapsedMs, deadline } }];
}

function onStatus(state: OpenedCase, status: CaseStatus, at: number, policy: SlaPolicy, calendars: CalendarTimelines): CaseEvent[] {
  if (status === 'closed') return stopAll(state, at, 'closed', calendars);
  if (status === 'resolved') return stopAll(state, at, 'resolved', calendars, ['resolution']);
  const reopened = status === 'reopened' ? reopen(state, at, calendars) : [];
  return [...reopened, ...followStatus(state, status, at, ruleOf(state, policy), calendars)];
}

/** A customer message starts a next response cycle once the first response is over and none is counting. */
function onCustomerWrote(state: OpenedCase, at: number, policy: SlaPolicy, calendars: CalendarTimelines): CaseEvent[] {
  const target = targetOf(ruleOf(state, policy), 'next_response');
  const first = currentClock(state, 'first_response');
  const next = currentClock(state, 'next_response');
  if (!target || (first && isActive(first)) || (next && isActive(next))) return [];
  return [startClock(state.caseId, target, (next?.cycle ?? 0) + 1, at, calendars)];
}

interface Move {
  readonly cause: RescheduleCause;
  readonly at: number;
  readonly slaPolicy: OpenedCase['slaPolicy'];
  readonly previous: CalendarTimelines;
  readonly calendars: CalendarTimelines;
}

/** The deadline moves on the new target or calendar; the start and the time already counted stay. */
function reschedule(state: OpenedCase, clock: ClockCycle, target: SlaTarget, move: Move): CaseEvent[] {
  const before = timelineFor(move.previous, clock.target.calendarId);
  const timeline = timelineFor(move.calendars, target.calendarId);
  const { targetMs, versions } = budgetOf(target, timeline, clock.startedAt);
  const moved = { ...clock, target, targetMs };
  const previousDeadline = clock.phase === 'running' ? deadlineOf(clock, before) : null;
  const deadline = clock.phase === 'running' ? deadlineOf(moved, timeline) : null;
  if (sameTarget(clock.target, target) && targetMs === clock.targetMs && previousDeadline === deadline) return [];
  const key = { ...clockKey(state.caseId, clock), at: isoIn(timeline, move.at) };
  const iso = (ms: number | null) => (ms === null ? null : isoIn(timeline, ms));
  const calendars = versions.map((version) => ({ calendarId: target.calendarId, version }));
  const rescheduled: CaseEvent = {
    type: 'SlaDeadlineRescheduled',
    data: { ...key, cause: move.cause, slaPolicy: move.slaPolicy, target, targetMs, previousDeadline: iso(previousDeadline), deadline: iso(deadline), calendars },
  };
  if (deadline === null) return [rescheduled];
  if (clock.breached && deadline > move.at) return [rescheduled, { type: 'SlaBreachRetracted', data: { ...key, cause: move.cause, deadline: isoIn(timeline, deadline) } }];
  if (!clock.breached && deadline <= move.at) return [rescheduled, { type: 'SlaBreached', data: { ...key, deadline: isoIn(timeline, deadline) } }];
  return [rescheduled];
}

function onProfileChange(state: OpenedCase, cause: RescheduleCause, at: number, policy: SlaPolicy, calendars: CalendarTimelines): CaseEvent[] {
  const rule = ruleOf(state, policy);
  const slaPolicy = { policyId: policy.id, policyVersion: policy.version, rule: rule.id };
  return activeClocks(state).flatMap((clock) => {
    const target = targetOf(rule, clock.metric);
    return target ? reschedule(state, clock, target, { cause, at, slaPolicy, previous: calendars, calendars }) : [];
  });
}

function react(state: OpenedCase, event: CaseEvent, policy: SlaPolicy, calendars: CalendarTimelines): CaseEvent[] {
  switch (event.type) {
    case 'CaseOpened':
      return event.data.targets
        .filter(({ metric }) => metric !== 'next_response')
        .map((target) => startClock(state.caseId, target, 1, instant(event.data.openedAt), calendars));
    case 'CaseReplied':
      return stopAll(state, instant(event.data.repliedAt), 'replied', calendars, ['first_response', 'next_response']);
    case 'CaseCustomerWrote':
      return onCustomerWrote(state, instant(event.data.receivedAt), policy, calendars);
    case 'CaseStatusChanged':
      return onStatus(state, event.data.to, instant(event.data.changedAt), policy, calendars);
    case 'CasePriorityChanged':
      return onProfileChange(state, 'priority_changed', instant(event.data.changedAt), policy, calendars);
    case 'CaseTierChanged':
      return onProfileChange(state, 'tier_changed', instant(event.data.changedAt), policy, calendars);
    case 'CaseMerged':
      return stopAll(state, instant(event.data.mergedAt), 'merged', calendars);
    default:
      return [];
  }
}

function fire(state: OpenedCase, timer: ClockTimer, now: number, policy: SlaPolicy, calendars: CalendarTimelines): CaseEvent[] {
  const clock = state.clocks.find(({ metric, cycle }) => metric === timer.metric && cycle === timer.cycle);
  if (!clock || clock.phase !== 'running') return [];
  const timeline = timelineFor(calendars, clock.target.calendarId);
  const deadline = deadlineOf(clock, timeline)!;
  const key = { ...clockKey(state.caseId, clock), at: isoIn(timeline, now) };
  switch (timer.kind) {
    case 'warning': {
      const warnAt = warningAtOf(clock, timeline)!;
      if (clock.warned || clock.breached || now < warnAt || now >= deadline) return [];
      return [{ type: 'SlaWarningRaised', data: { ...key, deadline: isoIn(timeline, deadline), elapsedMs: elapsedAt(clock, timeline, now), targetMs: clock.targetMs } }];
    }
    case 'breach':
      if (clock.breached || now < deadline) return [];
      return [{ type: 'SlaBreached', data: { ...key, deadline: isoIn(timeline, deadline) } }];
    case 'escalation': {
      const level = ruleOf(state, policy).escalation.find(({ level }) => level === timer.level);
      if (!level || state.escalationLevel >= level.level || now < deadline + escalationDelayMs(level)) return [];
      // Due with the breach (no delay), it may fire first: the breach it implies is recorded with it, at the deadline.
      const breach: CaseEvent[] = clock.breached ? [] : [{ type: 'SlaBreached', data: { ...key, at: isoIn(timeline, deadline), deadline: isoIn(timeline, deadline) } }];
      const data = { caseId: state.caseId, level: level.level, to: level.to, escalatedAt: key.at, trigger: 'sla_breach', metric: clock.metric, by: 'sla' } as const;
      return [...breach, { type: 'CaseEscalated', data }];
    }
  }
}

function recalendar(state: OpenedCase, calendarId: string, at: number, previous: CalendarTimelines, calendars: CalendarTimelines): CaseEvent[] {
  return activeClocks(state)
    .filter(({ target }) => target.calendarId === calendarId)
    .flatMap((clock) => reschedule(state, clock, clock.target, { cause: 'calendar_changed', at, slaPolicy: state.slaPolicy, previous, calendars }));
}

/** Decides the clock events of a case: what a case event starts, stops, pauses or moves, and what a due timer records. */
export function decideClock(command: ClockCommand, state: CaseState): CaseEvent[] {
  if (state === null) return [];
  switch (command.kind) {
    case 'react':
      return react(state, command.event, command.policy, command.calendars);
    case 'fire':
      return fire(state, command.timer, command.now, command.policy, command.calendars);
    case 'recalendar':
      return recalendar(state, command.calendarId, command.at, command.previous, command.calendars);
  }
}
