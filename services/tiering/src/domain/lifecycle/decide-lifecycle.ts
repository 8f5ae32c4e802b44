import type { EventData, LifecycleEvent, LifecycleRule, LifecycleStage } from '@ctp/contracts';
import { factsAt, lapseAt, newPeriodEnd, qualifiesAsMature, type LifecycleFacts } from './lifecycle-facts.js';
import type { LifecycleRulesVersion } from './lifecycle-rules.js';
import type { LifecycleState } from './lifecycle-state.js';

export type LifecycleFact = EventData<'LifecycleStageChanged'>['fact'];

/** Everything the decider reads is in the command; `fact.at` is the instant the rules are applied at. */
export type LifecycleCommand =
  /** An intake fact (a registration, a purchase) or the daily check of a time window: apply the rules until none fires. */
  | { readonly kind: 'apply_rules'; readonly customerId: string; readonly facts: LifecycleFacts; readonly fact: LifecycleFact; readonly rules: LifecycleRulesVersion }
  /** Analytics' churn model: a crossing of its threshold (raised) or the risk falling below it again. */
  | { readonly kind: 'churn_risk'; readonly customerId: string; readonly raised: boolean; readonly detail: string; readonly facts: LifecycleFacts; readonly fact: LifecycleFact; readonly rules: LifecycleRulesVersion };

interface Move {
  readonly to: LifecycleStage;
  readonly rule: LifecycleRule;
  readonly detail: string;
}

const purchasedSince = (facts: LifecycleFacts, since: string) => facts.purchases.some((time) => time > Date.parse(since));
const days = (count: number) => `${count} day${count === 1 ? '' : 's'}`;

function ruleFiring(state: LifecycleState, facts: LifecycleFacts, rules: LifecycleRulesVersion, at: number): Move | null {
  if (state.status === 'untracked') return { to: 'new', rule: 'registered', detail: `registered ${new Date(facts.registeredAt).toISOString()}` };
  const bought = facts.purchases.length;
  const repeat: Move = { to: 'active', rule: 'repeat_purchase', detail: `${bought} purchases >= ${rules.activeAfterPurchases}` };
  const inactive: Move = { to: 'lapsed', rule: 'inactive', detail: `no purchase for ${days(rules.lapsedAfterDays)}` };
  const lapsed = at >= lapseAt(facts, rules);
  switch (state.stage) {
    case 'new':
      if (bought >= rules.activeAfterPurchases) return repeat;
      if (bought >= 1) return { to: 'activating', rule: 'first_purchase', detail: 'first purchase' };
      return at >= newPeriodEnd(facts, rules) ? { to: 'lapsed', rule: 'never_activated', detail: `no purchase within ${days(rules.newForDays)} of registration` } : null;
    case 'activating':
      if (bought >= rules.activeAfterPurchases) return repeat;
      return at >= newPeriodEnd(facts, rules) ? { to: 'active', rule: 'new_period_ended', detail: `${days(rules.newForDays)} since registration, ${bought} purchase` } : null;
    case 'active':
      if (lapsed) return inactive;
      return qualifiesAsMature(facts, rules, at) ? { to: 'mature', rule: 'tenure_reached', detail: `${rules.mature.afterMonths} months of tenure and ${bought} purchases >= ${rules.mature.minPurchases}` } : null;
    case 'mature':
      return lapsed ? inactive : null;
    case 'won_back':
      if (lapsed) return inactive;
      return purchasedSince(facts, state.since) ? { to: 'active', rule: 'repeat_purchase', detail: 'a purchase after being won back' } : null;
    case 'at_risk':
    case 'lapsed':
      if (purchasedSince(facts, state.since)) return { to: 'won_back', rule: 'purchase_after_lapse', detail: `a purchase after ${state.stage === 'lapsed' ? 'lapsing' : 'the churn warning'}` };
      return state.stage === 'at_risk' && lapsed ? inactive : null;
  }
}

const atRiskFrom: ReadonlySet<LifecycleStage> = new Set(['activating', 'active', 'mature', 'won_back']);

function churnMove(state: LifecycleState, command: Extract<LifecycleCommand, { kind: 'churn_risk' }>, facts: LifecycleFacts, at: number): Move | null {
  if (state.status === 'untracked') return null;
  if (command.raised) return atRiskFrom.has(state.stage) ? { to: 'at_risk', rule: 'churn_risk', detail: command.detail } : null;
  if (state.stage !== 'at_risk') return null;
  return { to: qualifiesAsMature(facts, command.rules, at) ? 'mature' : 'active', rule: 'churn_risk_subsided', detail: command.detail };
}

function contactFor(to: LifecycleStage, { contacts }: LifecycleRulesVersion): EventData<'LifecycleStageChanged'>['contact'] {
  if (to === 'new' && contacts.welcome) return { reason: 'welcome', withinWorkingDays: contacts.welcome.withinWorkingDays, dedicatedManagerOnly: false };
  if (to === 'mature' && contacts.care) return { reason: 'care', ...contacts.care };
  if (to === 'lapsed' && contacts.winBack) return { reason: 'win_back', withinWorkingDays: contacts.winBack.withinWorkingDays, dedicatedManagerOnly: false };
  return null;
}

/** Stages pass one rule at a time; a chain longer than the stages can be is a bug in the rules, not a loop to run. */
const maxMoves = 7;

export function decideLifecycle(command: LifecycleCommand, state: LifecycleState): LifecycleEvent[] {
  const { customerId, fact, rules } = command;
  const at = Date.parse(fact.at);
  const facts = factsAt(command.facts, at);
  const changedAt = new Date(at).toISOString();
  const decided: LifecycleEvent[] = [];
  let current = state;
  const apply = (move: Move) => {
    const from = current.status === 'tracked' ? current.stage : null;
    decided.push({ type: 'LifecycleStageChanged', data: { customerId, from, ...move, fact, rules: { rulesId: rules.rulesId, rulesVersion: rules.rulesVersion }, contact: contactFor(move.to, rules), changedAt } });
    current = { status: 'tracked', stage: move.to, since: changedAt };
  };
  if (command.kind === 'churn_risk') {
    const move = churnMove(current, command, facts, at);
    if (move) apply(move);
  }
  for (let move = ruleFiring(current, facts, rules, at); move && decided.length < maxMoves; move = ruleFiring(current, facts, rules, at)) apply(move);
  return decided;
}
