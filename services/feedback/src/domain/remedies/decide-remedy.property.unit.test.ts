import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { complaintCase, complaintSteps, expectContractValid } from '../../test-support/feedback-arbitraries.js';
import { decideRemedy } from './decide-remedy.js';

const numRuns = 300;
const { run } = complaintCase;
const decimal = (text: string) => Math.round(Number(text) * 100);

describe('the remedy decider, for any history of complaint and remedy commands', () => {
  it('settles a remedy at most once, at the amount requested, and only within the band or once approved', () => {
    fc.assert(
      fc.property(complaintSteps, (steps) => {
        const events = run(steps).flatMap(({ outcome }) => ('events' in outcome ? outcome.events : []));
        expectContractValid(events);
        const requested = new Map(events.flatMap((event) => (event.type === 'RemedyRequested' ? [[event.data.remedyId, event.data] as const] : [])));
        const approved = new Set(events.flatMap((event) => (event.type === 'RemedyApproved' ? [event.data.remedyId] : [])));
        const settled = events.filter((event) => event.type === 'RemedySettled');
        expect(new Set(settled.map(({ data }) => data.remedyId)).size).toBe(settled.length);
        for (const { data } of settled) {
          const request = requested.get(data.remedyId)!;
          expect([data.amount, data.currency]).toEqual([request.amount, request.currency]);
          expect(request.needsApproval ? approved.has(data.remedyId) : !approved.has(data.remedyId)).toBe(true);
        }
        for (const request of requested.values()) {
          expect(request.needsApproval).toBe(decimal(request.amountReporting) > decimal(request.limitReporting));
        }
      }),
      { numRuns },
    );
  });

  it('approves or rejects only a remedy awaiting approval, and never requests the same remedy twice', () => {
    fc.assert(
      fc.property(complaintSteps, (steps) => {
        for (const { before, command, outcome, after } of run(steps)) {
          if (command.decider !== 'remedy' || !('events' in outcome)) continue;
          const { command: remedy } = command;
          if (remedy.kind !== 'request') expect(before?.remedies[remedy.remedyId]?.status).toBe('awaiting_approval');
          expect(() => decideRemedy(remedy, after)).toThrow(remedy.kind === 'request' ? /already requested/ : /not awaiting approval/);
        }
      }),
      { numRuns },
    );
  });
});
