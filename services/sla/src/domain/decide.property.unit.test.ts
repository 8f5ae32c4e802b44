import { eventRegistry, type CaseEvent } from '@ctp/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { outcomeOf, runSla, slaSteps } from '../test-support/sla-arbitraries.js';
import { evolve, type CaseState } from './case-state.js';
import type { ClockCycle } from './clock-state.js';

const numRuns = 200;

const clockOf = (state: CaseState, event: CaseEvent): ClockCycle | undefined =>
  'cycle' in event.data && 'metric' in event.data ? state?.clocks.find(({ metric, cycle }) => 'cycle' in event.data && metric === event.data.metric && cycle === event.data.cycle) : undefined;

/** What must be true of each clock event against the clock as it was just before it. */
function expectClockInvariant(state: CaseState, event: CaseEvent): void {
  const clock = clockOf(state, event);
  switch (event.type) {
    case 'SlaClockStarted':
      expect(clock).toBeUndefined();
      expect(Date.parse(event.data.countedFrom)).toBeGreaterThanOrEqual(Date.parse(event.data.at));
      expect(Date.parse(event.data.deadline)).toBeGreaterThanOrEqual(Date.parse(event.data.at));
      return;
    case 'SlaClockPaused':
      expect(event.data.metric).not.toBe('first_response');
      expect(clock?.phase).toBe('running');
      return;
    case 'SlaClockResumed':
      if (clock?.phase !== 'paused') expect([clock?.metric, event.data.status]).toEqual(['resolution', 'reopened']);
      expect(Date.parse(event.data.deadline)).toBeGreaterThanOrEqual(clock!.startedAt);
      return;
    case 'SlaDeadlineRescheduled':
      expect(clock?.phase === 'running' || clock?.phase === 'paused').toBe(true);
      if (event.data.deadline !== null) expect(Date.parse(event.data.deadline)).toBeGreaterThanOrEqual(clock!.startedAt);
      return;
    case 'SlaWarningRaised':
      expect(clock?.warned).toBe(false);
      expect(clock?.breached).toBe(false);
      return;
    case 'SlaBreached':
      expect(clock?.breached).toBe(false);
      return;
    case 'SlaBreachRetracted':
      expect(clock?.breached).toBe(true);
      return;
    case 'SlaMet':
    case 'SlaClockStopped':
      expect(clock?.phase === 'running' || clock?.phase === 'paused').toBe(true);
      expect(event.data.elapsedMs).toBeGreaterThanOrEqual(0);
      return;
    default:
      return;
  }
}

describe('the case and clock deciders, for any history of commands and timers', () => {
  it('refuse only with an SlaError, and every event they emit passes its contract', () => {
    fc.assert(
      fc.property(slaSteps, (steps) => {
        for (const { outcome } of runSla(steps)) {
          if ('events' in outcome) for (const { type, data } of outcome.events) eventRegistry.parseData(type, eventRegistry.latest(type).version, data);
        }
      }),
      { numRuns },
    );
  });

  it('are deterministic', () => {
    fc.assert(
      fc.property(slaSteps, (steps) => {
        for (const { before, step, outcome } of runSla(steps)) expect(outcomeOf(step, before)).toEqual(outcome);
      }),
      { numRuns },
    );
  });

  it('never start a deadline before its start, pause a clock twice, resume a running one, or warn or breach twice', () => {
    fc.assert(
      fc.property(slaSteps, (steps) => {
        for (const { before, outcome } of runSla(steps)) {
          if (!('events' in outcome)) continue;
          let state = before;
          for (const event of outcome.events) {
            expectClockInvariant(state, event);
            state = evolve(state, event);
          }
        }
      }),
      { numRuns },
    );
  });

  it('refuse everything but a repeated opening on a closed or merged case', () => {
    fc.assert(
      fc.property(slaSteps, (steps) => {
        for (const { before, step, outcome } of runSla(steps)) {
          if (before === null || step.kind === 'fire' || step.kind === 'open_case') continue;
          if (before.mergedInto !== null) expect('refused' in outcome && outcome.refused.code).toBe('case_merged');
          else if (before.status === 'closed') expect('refused' in outcome && outcome.refused.code).toBe('case_closed');
        }
      }),
      { numRuns },
    );
  });

  it('leave no clock counting on a closed or merged case', () => {
    fc.assert(
      fc.property(slaSteps, (steps) => {
        for (const { after } of runSla(steps)) {
          if (after === null || (after.status !== 'closed' && after.mergedInto === null)) continue;
          expect(after.clocks.filter(({ phase }) => phase === 'running' || phase === 'paused')).toEqual([]);
        }
      }),
      { numRuns },
    );
  });

  it('are idempotent: a timer fired again, or the same case opened again, changes nothing', () => {
    fc.assert(
      fc.property(slaSteps, (steps) => {
        for (const { step, outcome, after } of runSla(steps)) {
          if (!('events' in outcome) || (step.kind !== 'fire' && step.kind !== 'open_case')) continue;
          if (step.kind === 'open_case' && after?.externalId !== step.source?.externalId) continue;
          expect(outcomeOf(step, after)).toEqual({ events: [] });
        }
      }),
      { numRuns },
    );
  });
});
