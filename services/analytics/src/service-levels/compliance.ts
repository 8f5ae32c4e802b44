import { percentile, ratio, round, type Ratio } from '../metrics/ratios.js';
import type { ClockFact } from './facts.js';

/** Where a clock stands: its verdict, or `stopped` for one closed or merged before any verdict. */
export type ClockOutcome = 'running' | 'met' | 'breached' | 'stopped';
export const clockOutcomes = ['running', 'met', 'breached', 'stopped'] as const;

export function outcomeOf(clock: Pick<ClockFact, 'outcome' | 'stoppedAt'>): ClockOutcome {
  return clock.outcome === 'running' && clock.stoppedAt !== null ? 'stopped' : clock.outcome;
}

export interface ComplianceCell {
  readonly met: number;
  readonly breached: number;
  readonly running: number;
  readonly stopped: number;
  /** met / (met + breached). */
  readonly compliance: Ratio;
  /** Clocks with a verdict and the time they counted (SlaMet, or SlaClockStopped after a breach). */
  readonly timed: number;
  readonly elapsedP50Ms: number | null;
  readonly elapsedP90Ms: number | null;
}

/** How many clocks stand at each outcome, and the elapsedMs of the met and breached ones that counted one. */
export interface ComplianceTally {
  readonly met: number;
  readonly breached: number;
  readonly running: number;
  readonly stopped: number;
  readonly elapsed: readonly number[];
}

export function tallyOfClock(outcome: ClockOutcome, elapsedMs: number | null): ComplianceTally {
  return { met: 0, breached: 0, running: 0, stopped: 0, [outcome]: 1, elapsed: (outcome === 'met' || outcome === 'breached') && elapsedMs !== null ? [elapsedMs] : [] };
}

export function complianceOf(clocks: readonly Pick<ClockFact, 'outcome' | 'stoppedAt' | 'elapsedMs'>[]): ComplianceCell {
  return complianceOfTallies(clocks.map((clock) => tallyOfClock(outcomeOf(clock), clock.elapsedMs)));
}

export function sumTallies(tallies: readonly ComplianceTally[]): ComplianceTally {
  const counts = { running: 0, met: 0, breached: 0, stopped: 0 };
  const elapsed: number[] = [];
  for (const tally of tallies) {
    for (const outcome of clockOutcomes) counts[outcome] += tally[outcome];
    elapsed.push(...tally.elapsed);
  }
  return { ...counts, elapsed };
}

export function complianceOfTallies(tallies: readonly ComplianceTally[]): ComplianceCell {
  const { elapsed, ...counts } = sumTallies(tallies);
  return {
    ...counts,
    compliance: ratio(counts.met, counts.met + counts.breached),
    timed: elapsed.length,
    elapsedP50Ms: percentile(elapsed, 50),
    elapsedP90Ms: percentile(elapsed, 90),
  };
}

export const hoursOf = (ms: number | null) => (ms === null ? null : round(ms / 3_600_000));
export const minutesOf = (ms: number | null) => (ms === null ? null : round(ms / 60_000));

