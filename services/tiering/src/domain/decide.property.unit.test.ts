import { daysBetween } from '@ctp/calendar';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectContractValid, outcomeOf, run, tierCommands } from '../test-support/tier-arbitraries.js';
import { decide } from './decide.js';
import { tierRank } from './score.js';
import { evolve } from './state.js';
import { testPolicy } from './test-support/policies.js';

const numRuns = 300;
const policy = testPolicy;

describe('the tier decider, for any history of commands', () => {
  it('refuses only with a TieringError, and every event it emits passes its contract', () => {
    fc.assert(
      fc.property(tierCommands, (commands) => {
        for (const { outcome } of run(commands)) if ('events' in outcome) expectContractValid(outcome.events);
      }),
      { numRuns },
    );
  });

  it('is deterministic: the same state and command give the same events', () => {
    fc.assert(
      fc.property(tierCommands, (commands) => {
        for (const { before, command, outcome } of run(commands)) expect(outcomeOf(command, before)).toEqual(outcome);
      }),
      { numRuns },
    );
  });

  it('keeps scores within [0, 1] and tiers within the policy', () => {
    fc.assert(
      fc.property(tierCommands, (commands) => {
        for (const { outcome } of run(commands)) {
          if (!('events' in outcome)) continue;
          for (const event of outcome.events) {
            if (event.type !== 'TierAssigned' && event.type !== 'TierChanged' && event.type !== 'TierDowngradeWarned') continue;
            expect(event.data.score).toBeGreaterThanOrEqual(0);
            expect(event.data.score).toBeLessThanOrEqual(1);
            const tier = event.type === 'TierChanged' ? event.data.to : event.type === 'TierAssigned' ? event.data.tier : event.data.projectedTier;
            expect(tierRank(tier, policy)).toBeLessThan(policy.tiers.length);
          }
        }
      }),
      { numRuns },
    );
  });

  it('downgrades only at a review, after the confirmations and the notice, and by at most maxStepsDown', () => {
    const { confirmationReviews, noticeDays, maxStepsDown } = policy.downgrade;
    fc.assert(
      fc.property(tierCommands, (commands) => {
        for (const { before, command, outcome } of run(commands)) {
          if (!('events' in outcome)) continue;
          for (const event of outcome.events) {
            if (event.type !== 'TierChanged' || event.data.direction !== 'downgrade') continue;
            expect(command.kind).toBe('review');
            if (command.kind !== 'review' || before.status !== 'assigned') throw new Error('a downgrade without an assigned tier');
            const pending = before.pendingDowngrade;
            expect(pending?.reviewsBelow ?? 0).toBeGreaterThanOrEqual(confirmationReviews - 1);
            expect(daysBetween(pending?.firstWarnedOn ?? command.reviewDate, command.reviewDate)).toBeGreaterThanOrEqual(noticeDays);
            const steps = tierRank(event.data.to, policy) - tierRank(event.data.from, policy);
            expect(steps).toBeGreaterThan(0);
            expect(steps).toBeLessThanOrEqual(maxStepsDown);
          }
        }
      }),
      { numRuns },
    );
  });

  it('upgrades to a higher tier only', () => {
    fc.assert(
      fc.property(tierCommands, (commands) => {
        for (const { outcome } of run(commands)) {
          if (!('events' in outcome)) continue;
          for (const event of outcome.events) {
            if (event.type === 'TierChanged' && event.data.direction === 'upgrade') {
              expect(tierRank(event.data.to, policy)).toBeLessThan(tierRank(event.data.from, policy));
            }
          }
        }
      }),
      { numRuns },
    );
  });

  it('decides nothing more on a withdrawn customer, and refuses every override to it', () => {
    fc.assert(
      fc.property(tierCommands, (commands) => {
        for (const { before, command, outcome } of run(commands)) {
          if (before.status !== 'withdrawn') continue;
          if (command.kind === 'override') {
            expect('refused' in outcome && outcome.refused.code).toBe('customer_withdrawn');
          } else {
            expect(outcome).toEqual({ events: [] });
          }
        }
      }),
      { numRuns },
    );
  });

  it('is idempotent: the same reassessment, override, expiry or withdrawal decided again after its events changes nothing', () => {
    fc.assert(
      fc.property(tierCommands, (commands) => {
        for (const { command, outcome, after } of run(commands)) {
          if (!('events' in outcome) || command.kind === 'review') continue;
          expect(decide(command, after)).toEqual([]);
        }
      }),
      { numRuns },
    );
  });

  it('is idempotent for a review redelivered on the same date', () => {
    fc.assert(
      fc.property(tierCommands, (commands) => {
        for (const { command, outcome, after } of run(commands)) {
          if (!('events' in outcome) || command.kind !== 'review') continue;
          expect(decide(command, after)).toEqual([]);
        }
      }),
      { numRuns },
    );
  });

  it('records the folded override as the tier served', () => {
    fc.assert(
      fc.property(tierCommands, (commands) => {
        for (const { outcome, after, before } of run(commands)) {
          if (!('events' in outcome)) continue;
          const overridden = outcome.events.find((event) => event.type === 'TierOverridden');
          if (overridden) expect(outcome.events.reduce(evolve, before).override?.tier).toBe(overridden.data.tier);
          if (overridden) expect(after.override?.overrideId).toBe(overridden.data.overrideId);
        }
      }),
      { numRuns },
    );
  });
});
