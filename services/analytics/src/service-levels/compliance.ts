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

export function complianceOf(clocks: readonly Pick<ClockFact, 'outcome' | 'stoppedAt' | 'elapsedMs'>[]): ComplianceCell {
  return complianceOfOutcomes(clocks.map((clock) => ({ outcome: outcomeOf(clock), elapsedMs: clock.elapsedMs })));
}

export function complianceOfOutcomes(clocks: readonly { readonly outcome: ClockOutcome; readonly elapsedMs: number | null }[]): ComplianceCell {
  const counts = { running: 0, met: 0, breached: 0, stopped: 0 };
  const elapsed: number[] = [];
  for (const { outcome, elapsedMs } of clocks) {
    counts[outcome] += 1;
    if ((outcome === 'met' || outcome === 'breached') && elapsedMs !== null) elapsed.push(elapsedMs);
  }
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

