import { casePriorities, caseStatuses, slaMetrics, type CaseEvent } from '@ctp/contracts';
import fc from 'fast-check';
import { evolve, initialCaseState, type CaseState } from '../domain/case-state.js';
import { decideClock, type ClockTimer } from '../domain/clock-decider.js';
import type { CaseCommand } from '../domain/commands.js';
import { decideCase } from '../domain/decide-case.js';
import { SlaError } from '../domain/errors.js';
import { calendars, openCase, policy } from '../domain/test-support/cases.js';

const openedAt = Date.parse('2026-03-04T14:00:00+08:00');
const by = 'agent-7';
const HOUR = 3_600_000;

export type SlaStep = CaseCommand | { readonly kind: 'fire'; readonly timer: ClockTimer; readonly now: number };

const status = fc.constantFrom(...caseStatuses);
const timer: fc.Arbitrary<ClockTimer> = fc.record({
  metric: fc.constantFrom(...slaMetrics),
  cycle: fc.integer({ min: 1, max: 3 }),
  kind: fc.constantFrom('warning' as const, 'breach' as const, 'escalation' as const),
  level: fc.integer({ min: 1, max: 3 }),
});

/** What may happen to a case at a moment; the moment is filled in by `slaSteps`. */
const action = fc.oneof(
  fc.constant({ kind: 'reply' as const, body: 'We are on it.' }),
  fc.constant({ kind: 'customer_wrote' as const, body: 'Any news?' }),
  fc.constant({ kind: 'add_note' as const, body: 'called back' }),
  fc.record({ kind: fc.constant('change_status' as const), to: status, reason: fc.constant('agent') }),
  fc.record({ kind: fc.constant('change_priority' as const), to: fc.constantFrom(...casePriorities), reason: fc.constant('asked') }),
  fc.record({ kind: fc.constant('change_tier' as const), to: fc.constantFrom('key_account', 'gold', 'standard'), tierPolicyId: fc.constant('default'), tierPolicyVersion: fc.constant(2) }),
  fc.record({ kind: fc.constant('reassign' as const), to: fc.record({ kind: fc.constantFrom('agent' as const, 'team' as const), id: fc.constantFrom('agent-1', 'team-b') }) }),
  fc.record({ kind: fc.constant('escalate' as const), level: fc.integer({ min: 1, max: 3 }), to: fc.constant({ kind: 'role' as const, id: 'supervisor' }) }),
  fc.record({ kind: fc.constant('merge' as const), into: fc.constantFrom('K-1', 'K-2') }),
  fc.record({ kind: fc.constant('fire' as const), timer }),
  fc.constant({ kind: 'reopen_same' as const }),
);

function stepOf(what: typeof action extends fc.Arbitrary<infer A> ? A : never, at: number): SlaStep {
  const iso = new Date(at).toISOString();
  switch (what.kind) {
    case 'fire':
      return { kind: 'fire', timer: what.timer, now: at };
    case 'reopen_same':
      return openCase({ openedAt: iso });
    case 'customer_wrote':
    case 'change_tier':
      return { ...what, at: iso };
    default:
      return { ...what, at: iso, by };
  }
}

/** An open_case with a random profile, then up to 25 steps at non-decreasing times (a few before the opening). */
export const slaSteps = fc
  .tuple(
    fc.record({ priority: fc.constantFrom(...casePriorities), tier: fc.constantFrom('key_account', 'gold', 'standard') }),
    fc.array(fc.tuple(fc.integer({ min: -2 * HOUR, max: 40 * HOUR }), action), { maxLength: 25 }),
  )
  .map(([profile, moves]): SlaStep[] => {
    let at = openedAt;
    const open = openCase({ priority: profile.priority, tierAtStart: { tier: profile.tier, tierPolicyId: 'default', tierPolicyVersion: 1 } });
    return [open, ...moves.map(([gap, what]) => stepOf(what, (at = Math.max(at, openedAt) + gap)))];
  });

export type SlaOutcome = { readonly events: CaseEvent[] } | { readonly refused: SlaError };

export function outcomeOf(step: SlaStep, state: CaseState): SlaOutcome {
  try {
    if (step.kind === 'fire') return { events: decideClock({ kind: 'fire', timer: step.timer, now: step.now, policy, calendars }, state) };
    return { events: decideCase(step, state, { policy, calendars }) };
  } catch (error) {
    if (error instanceof SlaError) return { refused: error };
    throw error;
  }
}

export function runSla(steps: readonly SlaStep[]) {
  let state: CaseState = initialCaseState();
  return steps.map((step) => {
    const before = state;
    const outcome = outcomeOf(step, before);
    if ('events' in outcome) state = outcome.events.reduce(evolve, before);
    return { before, step, outcome, after: state };
  });
}
