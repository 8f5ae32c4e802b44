import { addMonths, DAY_MS } from '@ctp/calendar';
import type { LifecycleStage } from '@ctp/contracts';
import type { CustomerHistory } from '../metrics.js';
import type { LifecycleRulesDocument } from './lifecycle-rules.js';

/** The facts the stage rules read; times are epoch milliseconds of occurredAt. */
export interface LifecycleFacts {
  readonly registeredAt: number;
  /** Purchase times, earliest first. */
  readonly purchases: readonly number[];
}

/** Null for a customer not registered yet (or merged away, or erased: no history of its own). */
export function lifecycleFactsOf(history: CustomerHistory | null): LifecycleFacts | null {
  if (!history || history.registeredAt === null) return null;
  return { registeredAt: history.registeredAt, purchases: history.purchases.map(({ at }) => at).toSorted((a, b) => a - b) };
}

/** The facts as they stood at `at`: a decision never reads a purchase that happened after it. */
export const factsAt = (facts: LifecycleFacts, at: number): LifecycleFacts => ({ ...facts, purchases: facts.purchases.filter((time) => time <= at) });

export const newPeriodEnd = (facts: LifecycleFacts, rules: LifecycleRulesDocument) => facts.registeredAt + rules.newForDays * DAY_MS;
export const lastActivity = (facts: LifecycleFacts) => facts.purchases.at(-1) ?? facts.registeredAt;
export const lapseAt = (facts: LifecycleFacts, rules: LifecycleRulesDocument) => lastActivity(facts) + rules.lapsedAfterDays * DAY_MS;
export const tenureReachedAt = (facts: LifecycleFacts, rules: LifecycleRulesDocument) => addMonths(facts.registeredAt, rules.mature.afterMonths);
export const qualifiesAsMature = (facts: LifecycleFacts, rules: LifecycleRulesDocument, at: number) => at >= tenureReachedAt(facts, rules) && facts.purchases.length >= rules.mature.minPurchases;

/**
 * When a time window of the stage's rules ends next (after which a daily check may move the customer),
 * or null when only a fact can move it.
 */
export function nextTimeRuleAt(stage: LifecycleStage, facts: LifecycleFacts, rules: LifecycleRulesDocument): number | null {
  switch (stage) {
    case 'new':
    case 'activating':
      return newPeriodEnd(facts, rules);
    case 'active':
      return facts.purchases.length >= rules.mature.minPurchases ? Math.min(lapseAt(facts, rules), tenureReachedAt(facts, rules)) : lapseAt(facts, rules);
    case 'mature':
    case 'won_back':
    case 'at_risk':
      return lapseAt(facts, rules);
    case 'lapsed':
      return null;
  }
}
