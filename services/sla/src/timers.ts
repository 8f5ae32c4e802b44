import { entityIdSchema, slaMetrics, streamIdFor } from '@ctp/contracts';
import { defineTimerKind, scheduleTimer, timerRegistry, type Timer } from '@ctp/timers';
import { z } from 'zod';
import { handleCommand } from '@ctp/event-store';
import { caseDecider, slaActor } from './cases/case-stream.js';
import { recentRules } from './clocks/recent-rules.js';
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

const rulesPerDeps = new WeakMap<SlaDeps, ReturnType<typeof recentRules>>();
const rulesOf = (deps: SlaDeps) => rulesPerDeps.get(deps) ?? rulesPerDeps.set(deps, recentRules(deps)).get(deps)!;

const clockTimer = defineTimerKind<SlaDeps, ClockTimerPayload>({
  kind: slaClockKind,
  payload: clockTimerPayload,
  handle: ({ deps, payload, timer }) => fireClockTimer(deps, rulesOf(deps), payload, timer),
});

/** The worker dispatches through these; a timer of another kind, or with a payload its kind refuses, is parked. */
export const slaTimers = timerRegistry<SlaDeps>([clockTimer]);

/**
 * Workers main.ts starts on the table. Each handles its claimed batch one timer after the other, and a
 * firing is a few round trips (read the case stream and its rules, append, mark fired): several workers
 * (SKIP LOCKED keeps them apart) fire different cases at once.
 */
export const clockTimerWorkers = 4;

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

/** Schedules one of the timers a case's clock needs (`dueTimers`); scheduling it again is a no-op. */
export function scheduleClockTimer(timers: SlaDeps['timers'], caseId: string, due: DueTimer): Promise<'scheduled' | 'exists'> {
  return scheduleTimer(timers, clockTimer, { id: clockTimerId(caseId, due), dueAt: new Date(due.at), payload: payloadOf(caseId, due.timer) });
}

/** Schedules the timers the case's running clocks need now (each already scheduled one is left as it is). */
export async function scheduleClockTimers(deps: Pick<SlaDeps, 'timers'>, state: OpenedCase, rules: CaseRules): Promise<void> {
  await Promise.all(dueTimers(state, rules.policy, rules.calendars).map((due) => scheduleClockTimer(deps.timers, state.caseId, due)));
}

/**
 * A due clock timer, decided at its due instant and recorded then (the firing delay is recordedAt - dueAt).
 * The timer's id is the cause, so a timer fired again appends nothing; the decider records nothing for a
 * clock no longer running or whose deadline moved. The case's rules are at most a second old (recentRules):
 * when many timers fall due at once, most firings read only their case stream.
 */
async function fireClockTimer(deps: SlaDeps, rules: ReturnType<typeof recentRules>, { caseId, ...timer }: ClockTimerPayload, fired: Timer): Promise<void> {
  const context = { causationId: fired.id, correlationId: fired.id, occurredAt: fired.dueAt.toISOString(), actor: slaActor };
  await handleCommand(deps.store, streamIdFor('case', caseId), caseDecider, async (state) => (state ? decideClock({ kind: 'fire', timer, now: fired.dueAt.getTime(), ...(await rules(state)) }, state) : []), context);
}
