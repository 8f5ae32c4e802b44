import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contactCommands, expectContractValid, runDecider } from '../../test-support/feedback-arbitraries.js';
import type { ContactCommand } from './contact-commands.js';
import { ContactError } from './contact-errors.js';
import { evolveContact, initialContactState, type ContactState } from './contact-state.js';
import { decideContact } from './decide-contact.js';

const numRuns = 200;
const { run, outcomeOf } = runDecider({ decide: (command: ContactCommand, state: ContactState) => decideContact(command, state), evolve: evolveContact, initial: initialContactState, refusal: ContactError });

describe('the contact plan decider, for any history of commands and timers', () => {
  it('refuses only with a ContactError, and every event it emits passes its contract', () => {
    fc.assert(
      fc.property(contactCommands, (commands) => {
        for (const { outcome } of run(commands)) if ('events' in outcome) expectContractValid(outcome.events);
      }),
      { numRuns },
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(contactCommands, (commands) => {
        for (const { before, command, outcome } of run(commands)) expect(outcomeOf(command, before)).toEqual(outcome);
      }),
      { numRuns },
    );
  });

  it('plans each obligation id once, and lets each fall due, turn overdue and escalate to each level at most once', () => {
    fc.assert(
      fc.property(contactCommands, (commands) => {
        for (const { before, outcome } of run(commands)) {
          if (!('events' in outcome)) continue;
          for (const event of outcome.events) {
            const existing = 'obligationId' in event.data ? before.obligations[event.data.obligationId] : undefined;
            if (event.type === 'ContactObligationsPlanned') for (const { obligationId } of event.data.obligations) expect(before.obligations[obligationId]).toBeUndefined();
            if (event.type === 'ContactObligationFellDue') expect(existing?.fellDue).toBe(false);
            if (event.type === 'ContactObligationOverdue') expect(existing?.overdueAt).toBeNull();
            if (event.type === 'ContactObligationEscalated') expect(event.data.level).toBe((existing?.escalationLevel ?? 0) + 1);
          }
        }
      }),
      { numRuns },
    );
  });

  it('plans nothing after the plan ended (erasure), and refuses a new owner', () => {
    fc.assert(
      fc.property(contactCommands, (commands) => {
        for (const { before, command, outcome } of run(commands)) {
          if (!before.ended) continue;
          if (command.kind === 'assign_owner') expect('refused' in outcome && outcome.refused.code).toBe('plan_ended');
          else if ('events' in outcome) expect(outcome.events).toEqual([]);
        }
      }),
      { numRuns },
    );
  });

  it('is idempotent: any command but an outcome decided again after its events changes nothing', () => {
    fc.assert(
      fc.property(contactCommands, (commands) => {
        for (const { command, outcome, after } of run(commands)) {
          if ('events' in outcome && command.kind !== 'record_outcome') expect(decideContact(command, after)).toEqual([]);
        }
      }),
      { numRuns },
    );
  });
});
