import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectContractValid, improvementCommands, runDecider } from '../../test-support/feedback-arbitraries.js';
import { Refusal } from '../complaints/refusal.js';
import { decideImprovement, evolveImprovement, initialImprovementState, isOpen } from './improvement-action.js';

const numRuns = 300;
const { run, outcomeOf } = runDecider({ decide: decideImprovement, evolve: evolveImprovement, initial: initialImprovementState, refusal: Refusal });

describe('the improvement action decider, for any history of commands', () => {
  it('refuses only with a Refusal, every event passes its contract, and it is deterministic', () => {
    fc.assert(
      fc.property(improvementCommands, (commands) => {
        for (const { before, command, outcome } of run(commands)) {
          if ('events' in outcome) expectContractValid(outcome.events);
          expect(outcomeOf(command, before)).toEqual(outcome);
        }
      }),
      { numRuns },
    );
  });

  it('never moves a done or cancelled action, and escalates an open one at most once', () => {
    fc.assert(
      fc.property(improvementCommands, (commands) => {
        let escalations = 0;
        for (const { before, outcome } of run(commands)) {
          if (!('events' in outcome)) continue;
          for (const event of outcome.events) {
            if (event.type === 'ImprovementActionStatusChanged') expect(isOpen(before!.status)).toBe(true);
            if (event.type === 'ImprovementActionOverdue') escalations += 1;
          }
        }
        expect(escalations).toBeLessThanOrEqual(1);
      }),
      { numRuns },
    );
  });

  it('is idempotent: a status change or overdue mark decided again changes nothing; a second creation is refused', () => {
    fc.assert(
      fc.property(improvementCommands, (commands) => {
        for (const { command, outcome, after } of run(commands)) {
          if (!('events' in outcome)) continue;
          if (command.kind === 'create') expect(outcomeOf(command, after)).toMatchObject({ refused: { code: 'action_exists' } });
          else expect(decideImprovement(command, after)).toEqual([]);
        }
      }),
      { numRuns },
    );
  });
});
