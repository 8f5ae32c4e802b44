import type { CaseEvent } from '@ctp/contracts';
import { evolve, type CaseState } from './case-state.js';
import type { CalendarTimelines } from './clock.js';
import { decideClock } from './clock-decider.js';
import type { CaseCommand } from './commands.js';
import { decide } from './decide.js';
import type { SlaPolicy } from './sla-policy.js';

/** The policy version the case counts on and the calendars its rules name. */
export interface CaseRules {
  readonly policy: SlaPolicy;
  readonly calendars: CalendarTimelines;
}

/**
 * A command's case events, each followed by the clock events it leads to, in the order they happen:
 * one decision, appended at once, so a case is never stored without its clocks.
 */
export function decideCase(command: CaseCommand, state: CaseState, rules: CaseRules): CaseEvent[] {
  const decided: CaseEvent[] = [];
  let current = state;
  for (const event of decide(command, state)) {
    current = evolve(current, event);
    decided.push(event);
    for (const clockEvent of decideClock({ kind: 'react', event, ...rules }, current)) {
      current = evolve(current, clockEvent);
      decided.push(clockEvent);
    }
  }
  return decided;
}
