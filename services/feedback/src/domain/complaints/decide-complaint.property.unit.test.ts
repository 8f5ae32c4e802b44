import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { complaintCase, complaintSteps, expectContractValid } from '../../test-support/feedback-arbitraries.js';
import { decideComplaint } from './decide-complaint.js';

const numRuns = 300;
const { run, outcomeOf } = complaintCase;
const dayMs = 86_400_000;

describe('the complaint decider, for any history of commands', () => {
  it('refuses only with a Refusal, and every event it emits passes its contract', () => {
    fc.assert(
      fc.property(complaintSteps, (steps) => {
        for (const { outcome } of run(steps)) if ('events' in outcome) expectContractValid(outcome.events);
      }),
      { numRuns },
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(complaintSteps, (steps) => {
        for (const { before, command, outcome } of run(steps)) expect(outcomeOf(command, before)).toEqual(outcome);
      }),
      { numRuns },
    );
  });

  it('flags each cause as a repeat at most once, against an earlier complaint of another case within the window', () => {
    fc.assert(
      fc.property(complaintSteps, (steps) => {
        const played = run(steps);
        const flags = played.flatMap(({ outcome }) => ('events' in outcome ? outcome.events : [])).filter((event) => event.type === 'RepeatComplaintFlagged');
        expect(new Set(flags.map(({ data }) => data.cause)).size).toBe(flags.length);
        for (const { data } of flags) {
          const opened = Date.parse(played.at(-1)!.after!.openedAt);
          expect(data.earlierCaseId).not.toBe(data.caseId);
          expect(Date.parse(data.earlierOpenedAt)).toBeLessThan(opened);
          expect(Date.parse(data.earlierOpenedAt)).toBeGreaterThanOrEqual(opened - data.windowDays * dayMs);
        }
      }),
      { numRuns },
    );
  });

  it('is idempotent: recording, assigning the team or setting the same causes again changes nothing', () => {
    fc.assert(
      fc.property(complaintSteps, (steps) => {
        for (const { command, outcome, after } of run(steps)) {
          if (command.decider === 'complaint' && 'events' in outcome) expect(decideComplaint(command.command, after)).toEqual([]);
        }
      }),
      { numRuns },
    );
  });
});
