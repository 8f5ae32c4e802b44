import { addDays, isoDateIn, startOfDayIn } from '@ctp/calendar';
import { entityIdSchema } from '@ctp/contracts';
import type { CommandContext } from '@ctp/event-store';
import { defineTimerKind, scheduleTimer, timerRegistry } from '@ctp/timers';
import { z } from 'zod';
import { decideLifecycle, type LifecycleCommand, type LifecycleFact } from '../domain/lifecycle/decide-lifecycle.js';
import { lifecycleFactsOf, nextTimeRuleAt, type LifecycleFacts } from '../domain/lifecycle/lifecycle-facts.js';
import { rulesAt, type LifecycleRulesVersion } from '../domain/lifecycle/lifecycle-rules.js';
import { loadHistory } from '../history/customer-history.js';
import { tieringActor } from '../tiers/tier-stream.js';
import type { LifecycleDeps } from './lifecycle-deps.js';
import { loadRulesVersions, type PublishedRules } from './lifecycle-rules-stream.js';
import { withLifecycleStream } from './lifecycle-stream.js';

export const lifecycleCheckKind = 'lifecycle-check';

const checkPayload = z.object({ customerId: entityIdSchema });

const checkTimer = defineTimerKind<LifecycleDeps, z.infer<typeof checkPayload>>({
  kind: lifecycleCheckKind,
  payload: checkPayload,
  handle: async ({ deps, payload: { customerId }, timer }) => {
    const fact: LifecycleFact = { kind: 'time', timerId: timer.id, at: timer.dueAt.toISOString() };
    const context = { causationId: timer.id, correlationId: timer.id, occurredAt: fact.at, actor: tieringActor };
    await applyLifecycleRules(deps, await loadRulesVersions(deps.store), customerId, context, fact, (facts, rules) => ({ kind: 'apply_rules', customerId, facts, fact, rules }));
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
async function scheduleCheck(deps: LifecycleDeps, customerId: string, windowEnds: number): Promise<void> {
  const dueAt = dayStartOnOrAfter(windowEnds, deps.timeZone);
  const id = `${lifecycleCheckKind}:${customerId}:${isoDateIn(dueAt, deps.timeZone)}`;
  await scheduleTimer(deps.lifecycleTimers, checkTimer, { id, dueAt: new Date(dueAt), payload: { customerId } });
}

/**
 * The rules in force at the fact's instant (of the published `versions`) applied to the customer's facts
 * (merges resolved); then the check of the stage's next time window is scheduled, also when the cause was
 * handled before (a crash between append and scheduling heals on redelivery). A customer without a history
 * of its own (not registered yet, merged away, erased) has no lifecycle.
 */
export async function applyLifecycleRules(
  deps: LifecycleDeps,
  versions: readonly PublishedRules[],
  customerId: string,
  context: CommandContext,
  fact: LifecycleFact,
  command: (facts: LifecycleFacts, rules: LifecycleRulesVersion) => LifecycleCommand,
): Promise<void> {
  const facts = lifecycleFactsOf(await loadHistory(deps.history, customerId));
  const rules = rulesAt(versions.map(({ rules }) => rules), Date.parse(fact.at));
  if (!facts || !rules) return;
  const { state } = await withLifecycleStream(deps.store, customerId, context, (current) => decideLifecycle(command(facts, rules), current));
  const windowEnds = state.status === 'tracked' ? nextTimeRuleAt(state.stage, facts, rules) : null;
  if (windowEnds !== null) await scheduleCheck(deps, customerId, windowEnds);
}
