import { entityIdSchema, slaMetrics } from '@ctp/contracts';
import { defineTimerKind, scheduleTimer, timerRegistry, type Timer } from '@ctp/timers';
import { z } from 'zod';
import { slaActor, withCaseStream } from './cases/case-stream.js';
import type { OpenedCase } from './domain/case-state.js';
import { decideClock, type ClockTimer } from './domain/clock-decider.js';
import { dueTimers, type DueTimer } from './domain/clock-view.js';
import type { CaseRules } from './domain/decide-case.js';
import type { SlaDeps } from './sla-deps.js';

export const slaClockKind = 'sla-clock';

const clockTimerPayload = z.object({
  caseId: entityIdSchema,
  metric: z.enum(slaMetrics),
  cycle: z.number().int().positive(),
  kind: z.enum(['warning', 'breach', 'escalation']),
  level: z.number().int().positive().optional(),
});
type ClockTimerPayload = z.infer<typeof clockTimerPayload>;

const clockTimer = defineTimerKind<SlaDeps, ClockTimerPayload>({
  kind: slaClockKind,
  payload: clockTimerPayload,
  handle: ({ deps, payload, timer }) => fireClockTimer(deps, payload, timer),
});

/** The worker dispatches through these; a timer of another kind, or with a payload its kind refuses, is parked. */
export const slaTimers = timerRegistry<SlaDeps>([clockTimer]);

/**
 * One id per case, clock cycle, kind (and level) and due instant: scheduling it again is a no-op, a fired
 * one never fires again, and a moved deadline gets a timer of its own while the old one fires harmlessly.
 */
export function clockTimerId(caseId: string, { timer, at }: DueTimer): string {
  const level = timer.kind === 'escalation' ? `:${timer.level}` : '';
  return `${slaClockKind}:${caseId}:${timer.metric}:${timer.cycle}:${timer.kind}${level}:${new Date(at).toISOString()}`;
}

function payloadOf(caseId: string, { metric, cycle, kind, level }: ClockTimer): ClockTimerPayload {
  return level === undefined ? { caseId, metric, cycle, kind } : { caseId, metric, cycle, kind, level };
}

/** Schedules the timers the case's running clocks need now (each already scheduled one is left as it is). */
export async function scheduleClockTimers(deps: Pick<SlaDeps, 'timers'>, state: OpenedCase, rules: CaseRules): Promise<void> {
  const due = dueTimers(state, rules.policy, rules.calendars);
  await Promise.all(due.map((timer) => scheduleTimer(deps.timers, clockTimer, { id: clockTimerId(state.caseId, timer), dueAt: new Date(timer.at), payload: payloadOf(state.caseId, timer.timer) })));
}

/**
 * A due clock timer, decided at its due instant and recorded then (the firing delay is recordedAt - dueAt).
 * The timer's id is the cause, so a timer fired again appends nothing; the decider records nothing for a
 * clock no longer running or whose deadline moved.
 */
async function fireClockTimer(deps: SlaDeps, { caseId, ...timer }: ClockTimerPayload, fired: Timer): Promise<void> {
  const context = { causationId: fired.id, correlationId: fired.id, occurredAt: fired.dueAt.toISOString(), actor: slaActor };
  await withCaseStream(deps, caseId, context, (state, rules) => decideClock({ kind: 'fire', timer, now: fired.dueAt.getTime(), ...rules }, state));
}
