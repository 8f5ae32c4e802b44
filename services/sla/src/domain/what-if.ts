import { slaMetrics, type CaseEvent, type SlaMetric } from '@ctp/contracts';
import { evolve, instant, type CaseState, type OpenedCase } from './case-state.js';
import { decideClock } from './clock-decider.js';
import { dueTimers } from './clock-view.js';
import type { CaseCommand } from './commands.js';
import { decideCase, type CaseRules } from './decide-case.js';

/**
 * The commands that led to a case's events, with the time each took effect. Clock events are left out
 * (the replay decides them again), and so are escalations a breach triggered; notes and reassignments
 * move no clock.
 */
export function commandsOf(events: readonly CaseEvent[], rules: CaseRules): { command: CaseCommand; at: number }[] {
  return events.flatMap((event): { command: CaseCommand; at: number }[] => {
    const command = commandOf(event, rules);
    return command ? [{ command, at: instant(command.kind === 'open_case' ? command.openedAt : command.at) }] : [];
  });
}

function commandOf({ type, data }: CaseEvent, rules: CaseRules): CaseCommand | null {
  switch (type) {
    case 'CaseOpened': {
      const { caseId, customerId, channel, type: caseType, priority, subject, openedAt, openedBy, source, tierAtStart } = data;
      return { kind: 'open_case', caseId, customerId, customerKnown: true, channel, type: caseType, priority, subject, openedAt, openedBy, source, tierAtStart, ...rules };
    }
    case 'CaseReplied':
      return { kind: 'reply', at: data.repliedAt, by: data.by, body: data.body };
    case 'CaseCustomerWrote':
      return { kind: 'customer_wrote', at: data.receivedAt, body: data.body };
    case 'CaseStatusChanged':
      return { kind: 'change_status', at: data.changedAt, by: data.by, to: data.to, reason: data.reason };
    case 'CasePriorityChanged':
      return { kind: 'change_priority', at: data.changedAt, by: data.by, to: data.to, reason: data.reason };
    case 'CaseTierChanged':
      return { kind: 'change_tier', at: data.changedAt, to: data.to, tierPolicyId: data.tierPolicyId, tierPolicyVersion: data.tierPolicyVersion };
    case 'CaseEscalated':
      return data.trigger === 'manual' ? { kind: 'escalate', at: data.escalatedAt, by: data.by, level: data.level, to: data.to } : null;
    case 'CaseMerged':
      return { kind: 'merge', at: data.mergedAt, by: data.by, into: data.into };
    default:
      return null;
  }
}

/** Folds events into the state. */
const applied = (state: CaseState, events: readonly CaseEvent[]) => events.reduce(evolve, state);

/** Fires, in time order, every breach timer due before `until` (exclusive) or at it (`inclusive`). */
function fireBreaches(state: CaseState, rules: CaseRules, until: number, inclusive: boolean): CaseState {
  const fired = new Set<string>();
  for (;;) {
    if (state === null) return state;
    const due = dueTimers(state, rules.policy, rules.calendars)
      .filter(({ timer, at }) => timer.kind === 'breach' && (inclusive ? at <= until : at < until) && !fired.has(`${timer.metric}/${timer.cycle}/${at}`))
      .sort((left, right) => left.at - right.at)[0];
    if (!due) return state;
    fired.add(`${due.timer.metric}/${due.timer.cycle}/${due.at}`);
    state = applied(state, decideClock({ kind: 'fire', timer: due.timer, now: due.at, ...rules }, state));
  }
}

/**
 * Replays a case's commands on other rules, as the service would have decided them, with its breach
 * timers firing at their deadlines up to `until`: the state the case would be in at `until`.
 */
export function replayCase(events: readonly CaseEvent[], rules: CaseRules, until: number): OpenedCase | null {
  let state: CaseState = null;
  for (const { command, at } of commandsOf(events, rules)) {
    if (at > until) break;
    state = applied(fireBreaches(state, rules, at, false), decideCase(command, state, rules));
  }
  return fireBreaches(state, rules, until, true);
}

/** How a clock cycle came out: met, breached (answered late or not at all), still counting, or stopped before its deadline (closed, merged). */
export type ClockOutcome = 'met' | 'breached' | 'pending' | 'stopped';

export interface CycleOutcome {
  readonly metric: SlaMetric;
  readonly cycle: number;
  readonly outcome: ClockOutcome;
}

export function outcomesOf(state: OpenedCase | null): CycleOutcome[] {
  return (state?.clocks ?? []).map(({ metric, cycle, phase, breached }) => ({
    metric,
    cycle,
    outcome: breached ? 'breached' : phase === 'met' ? 'met' : phase === 'stopped' ? 'stopped' : 'pending',
  }));
}

export interface OutcomeChange {
  readonly caseId: string;
  readonly metric: SlaMetric;
  readonly cycle: number;
  /** `none`: the rules on that side set no target for the metric, or the cycle never started. */
  readonly before: ClockOutcome | 'none';
  readonly after: ClockOutcome | 'none';
}

export interface MetricCompliance {
  readonly met: number;
  readonly breached: number;
  readonly pending: number;
  /** met / (met + breached); null when no cycle was decided. */
  readonly compliance: number | null;
}

export interface WhatIfCase {
  readonly caseId: string;
  readonly events: readonly CaseEvent[];
  /** The rules the case counts on (the policy version it recorded). */
  readonly rules: CaseRules;
}

export interface WhatIfResult {
  readonly cases: number;
  readonly metrics: Record<SlaMetric, { readonly before: MetricCompliance; readonly after: MetricCompliance }>;
  readonly changes: OutcomeChange[];
  /** Cases the proposed rules cannot count (no rule matches, a calendar missing), with why. */
  readonly notReplayed: { readonly caseId: string; readonly reason: string }[];
}

type Tally = Record<SlaMetric, { met: number; breached: number; pending: number }>;

const emptyTally = (): Tally => Object.fromEntries(slaMetrics.map((metric) => [metric, { met: 0, breached: 0, pending: 0 }])) as Tally;

function count(tally: Tally, outcomes: readonly CycleOutcome[]): void {
  for (const { metric, outcome } of outcomes) if (outcome !== 'stopped') tally[metric][outcome]++;
}

const compliance = ({ met, breached, pending }: Tally[SlaMetric]): MetricCompliance => ({ met, breached, pending, compliance: met + breached === 0 ? null : met / (met + breached) });

function changesOf(caseId: string, before: readonly CycleOutcome[], after: readonly CycleOutcome[]): OutcomeChange[] {
  const key = ({ metric, cycle }: CycleOutcome) => `${metric}/${cycle}`;
  const afterByKey = new Map(after.map((outcome) => [key(outcome), outcome]));
  const beforeKeys = new Set(before.map(key));
  return [
    ...before.map((cycle) => ({ ...cycle, after: afterByKey.get(key(cycle))?.outcome ?? ('none' as const) })),
    ...after.filter((cycle) => !beforeKeys.has(key(cycle))).map((cycle) => ({ ...cycle, outcome: 'none' as const, after: cycle.outcome })),
  ]
    .filter(({ outcome, after }) => outcome !== after)
    .map(({ metric, cycle, outcome, after }) => ({ caseId, metric, cycle, before: outcome, after }));
}

/** One case replayed twice: its clock outcomes on its own rules and on the proposal, or why the proposal cannot count it. */
export type CaseComparison =
  | { readonly caseId: string; readonly before: CycleOutcome[]; readonly after: CycleOutcome[] }
  | { readonly caseId: string; readonly notReplayed: string };

export function compareCase({ caseId, events, rules }: WhatIfCase, propose: (rules: CaseRules) => CaseRules, until: number): CaseComparison {
  try {
    return { caseId, before: outcomesOf(replayCase(events, rules, until)), after: outcomesOf(replayCase(events, propose(rules), until)) };
  } catch (error) {
    return { caseId, notReplayed: error instanceof Error ? error.message : String(error) };
  }
}

/** Compliance per metric before and after, and each clock cycle whose outcome changes. */
export function summarize(comparisons: readonly CaseComparison[]): WhatIfResult {
  const before = emptyTally();
  const after = emptyTally();
  const changes: OutcomeChange[] = [];
  const notReplayed: WhatIfResult['notReplayed'] = [];
  for (const comparison of comparisons) {
    if ('notReplayed' in comparison) {
      notReplayed.push({ caseId: comparison.caseId, reason: comparison.notReplayed });
      continue;
    }
    count(before, comparison.before);
    count(after, comparison.after);
    changes.push(...changesOf(comparison.caseId, comparison.before, comparison.after));
  }
  const metrics = Object.fromEntries(slaMetrics.map((metric) => [metric, { before: compliance(before[metric]), after: compliance(after[metric]) }])) as WhatIfResult['metrics'];
  return { cases: comparisons.length - notReplayed.length, metrics, changes, notReplayed };
}

/**
 * Past cases replayed twice up to `until`: on the rules each counted on, and on those rules with the
 * proposal substituted (`propose` gives the rules to use instead). Pure: nothing is recorded.
 */
export function whatIf(cases: readonly WhatIfCase[], propose: (rules: CaseRules) => CaseRules, until: number): WhatIfResult {
  return summarize(cases.map((whatIfCase) => compareCase(whatIfCase, propose, until)));
}
