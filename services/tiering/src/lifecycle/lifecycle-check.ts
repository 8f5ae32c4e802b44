import { addDays, isoDateIn, startOfDayIn } from '@ctp/calendar';
import { entityIdSchema } from '@ctp/contracts';
import type { CommandContext } from '@ctp/event-store';
import { defineTimerKind, scheduleTimers, timerRegistry, type TimerOfKind } from '@ctp/timers';
import { z } from 'zod';
import { decideLifecycle, type LifecycleCommand, type LifecycleFact } from '../domain/lifecycle/decide-lifecycle.js';
import { lifecycleFactsOf, nextTimeRuleAt, type LifecycleFacts } from '../domain/lifecycle/lifecycle-facts.js';
import { rulesAt, type LifecycleRulesVersion } from '../domain/lifecycle/lifecycle-rules.js';
import type { CustomerHistory } from '../domain/metrics.js';
import { loadHistory } from '../history/customer-history.js';
import { tieringActor } from '../tiers/tier-stream.js';
import type { LifecycleDeps } from './lifecycle-deps.js';
import { loadRulesVersions, type PublishedRules } from './lifecycle-rules-stream.js';
import { withLifecycleStream } from './lifecycle-stream.js';

export const lifecycleCheckKind = 'lifecycle-check';

const checkPayload = z.object({ customerId: entityIdSchema });

type CheckPayload = z.infer<typeof checkPayload>;
export type LifecycleCheck = TimerOfKind<CheckPayload>;

const checkTimer = defineTimerKind<LifecycleDeps, CheckPayload>({
  kind: lifecycleCheckKind,
  payload: checkPayload,
  handle: async ({ deps, payload: { customerId }, timer }) => {
    const fact: LifecycleFact = { kind: 'time', timerId: timer.id, at: timer.dueAt.toISOString() };
    const context = { causationId: timer.id, correlationId: timer.id, occurredAt: fact.at, actor: tieringActor };
    const [versions, history] = await Promise.all([loadRulesVersions(deps.store), loadHistory(deps.history, customerId)]);
    const next = await applyLifecycleRules(deps, { versions, history }, customerId, context, fact, (facts, rules) => ({ kind: 'apply_rules', customerId, facts, fact, rules }));
    await scheduleChecks(deps, next ? [next] : []);
  },
});

export const lifecycleTimers = timerRegistry<LifecycleDeps>([checkTimer]);

/** The start of the business day on or after an instant: time windows are checked once a day. */
function dayStartOnOrAfter(at: number, timeZone: string): number {
  const date = isoDateIn(at, timeZone);
  const start = startOfDayIn(date, timeZone);
  return start >= at ? start : startOfDayIn(addDays(date, 1), timeZone);
}

/** One check per customer and day: scheduling it again is a no-op, and a fired one never fires twice. */
function checkOf(deps: LifecycleDeps, customerId: string, windowEnds: number): LifecycleCheck {
  const dueAt = dayStartOnOrAfter(windowEnds, deps.timeZone);
  return { id: `${lifecycleCheckKind}:${customerId}:${isoDateIn(dueAt, deps.timeZone)}`, dueAt: new Date(dueAt), payload: { customerId } };
}

/** Schedules checks in one statement. */
export async function scheduleChecks(deps: LifecycleDeps, checks: readonly LifecycleCheck[]): Promise<void> {
  await scheduleTimers(deps.lifecycleTimers, checkTimer, checks);
}

/** What the rules are applied with: the rules versions published, and the customer's history (null: none of its own). */
export interface LifecycleInputs {
  readonly versions: readonly PublishedRules[];
  readonly history: CustomerHistory | null;
}

/**
 * The rules in force at the fact's instant applied to the customer's facts (merges resolved). Answers the
 * check of the stage's next time window, for the caller to schedule (`scheduleChecks`), also when the cause
 * was handled before: a crash between append and scheduling heals on redelivery. A customer without a
 * history of its own (not registered yet, merged away, erased) has no lifecycle.
 */
export async function applyLifecycleRules(
  deps: LifecycleDeps,
  { versions, history }: LifecycleInputs,
  customerId: string,
  context: CommandContext,
  fact: LifecycleFact,
  command: (facts: LifecycleFacts, rules: LifecycleRulesVersion) => LifecycleCommand,
): Promise<LifecycleCheck | null> {
  const facts = lifecycleFactsOf(history);
  const rules = rulesAt(versions.map(({ rules: each }) => each), Date.parse(fact.at));
  if (!facts || !rules) return null;
  const { state } = await withLifecycleStream(deps.store, customerId, context, (current) => decideLifecycle(command(facts, rules), current));
  const windowEnds = state.status === 'tracked' ? nextTimeRuleAt(state.stage, facts, rules) : null;
  return windowEnds === null ? null : checkOf(deps, customerId, windowEnds);
}
