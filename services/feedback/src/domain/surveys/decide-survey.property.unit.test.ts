import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectContractValid, runDecider, surveyCommands } from '../../test-support/feedback-arbitraries.js';
import { decideSurvey } from './decide-survey.js';
import { SurveyError } from './errors.js';
import { evolveSurvey, initialSurveyState } from './survey-state.js';

const numRuns = 300;
const { run, outcomeOf } = runDecider({ decide: decideSurvey, evolve: evolveSurvey, initial: initialSurveyState, refusal: SurveyError });
const eventsOf = (steps: ReturnType<typeof run>) => steps.flatMap(({ outcome }) => ('events' in outcome ? outcome.events : []));

describe('the survey decider, for any history of commands', () => {
  it('refuses only with a SurveyError, and every event it emits passes its contract', () => {
    fc.assert(fc.property(surveyCommands, (commands) => expectContractValid(eventsOf(run(commands)))), { numRuns });
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(surveyCommands, (commands) => {
        for (const { before, command, outcome } of run(commands)) expect(outcomeOf(command, before)).toEqual(outcome);
      }),
      { numRuns },
    );
  });

  it('invites, answers and completes the follow-up at most once, and refuses a second response', () => {
    fc.assert(
      fc.property(surveyCommands, (commands) => {
        const steps = run(commands);
        const count = (type: string) => eventsOf(steps).filter((event) => event.type === type).length;
        expect(count('SurveyInvited') + count('SurveySkipped')).toBeLessThanOrEqual(1);
        expect(count('SurveyAnswered')).toBeLessThanOrEqual(1);
        expect(count('FollowUpOpened')).toBeLessThanOrEqual(1);
        expect(count('FollowUpDone')).toBeLessThanOrEqual(1);
        for (const { before, command, outcome } of steps) {
          if (command.kind === 'respond' && before?.status === 'answered') expect('refused' in outcome && outcome.refused.code).toBe('already_answered');
        }
      }),
      { numRuns },
    );
  });

  it('expires after it was sent, and opens a follow-up only for a poor answer', () => {
    fc.assert(
      fc.property(surveyCommands, (commands) => {
        for (const event of eventsOf(run(commands))) {
          if (event.type === 'SurveyInvited') expect(Date.parse(event.data.expiresAt)).toBeGreaterThan(Date.parse(event.data.invitedAt));
          if (event.type === 'SurveyExpired') expect(Date.parse(event.data.expiredAt)).toBeGreaterThan(Date.parse(event.data.invitedAt));
          if (event.type === 'FollowUpOpened') expect(event.data.reasons.length).toBeGreaterThan(0);
        }
      }),
      { numRuns },
    );
  });

  it('is idempotent: an invitation, an expiry or an overdue mark decided again after its events changes nothing', () => {
    fc.assert(
      fc.property(surveyCommands, (commands) => {
        for (const { command, outcome, after } of run(commands)) {
          if ('events' in outcome && (command.kind === 'invite' || command.kind === 'expire' || command.kind === 'markFollowUpOverdue')) {
            expect(decideSurvey(command, after)).toEqual([]);
          }
        }
      }),
      { numRuns },
    );
  });
});
