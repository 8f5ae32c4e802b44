import { describe, expect, it } from 'vitest';
import { complianceOf, hoursOf, outcomeOf } from './compliance.js';

const minutes = (n: number) => n * 60_000;
const at = new Date('2026-03-04T02:00:00Z');

describe('SLA compliance of a set of clocks', () => {
  it('counts met / (met + breached) and the nearest-rank p50 and p90 of the time counted', () => {
    // 3 met (10, 20, 40 min) and 1 breached never answered: compliance 3 / 4 = 0.75.
    // Sorted 10, 20, 40: p50 rank ceil(0.5 * 3) = 2 -> 20 min; p90 rank ceil(0.9 * 3) = 3 -> 40 min.
    const cell = complianceOf([
      { outcome: 'met', stoppedAt: at, elapsedMs: minutes(10) },
      { outcome: 'met', stoppedAt: at, elapsedMs: minutes(40) },
      { outcome: 'met', stoppedAt: at, elapsedMs: minutes(20) },
      { outcome: 'breached', stoppedAt: null, elapsedMs: null },
    ]);
    expect(cell).toEqual({ met: 3, breached: 1, running: 0, stopped: 0, compliance: { numerator: 3, denominator: 4, value: 0.75 }, timed: 3, elapsedP50Ms: minutes(20), elapsedP90Ms: minutes(40) });
    expect(hoursOf(cell.elapsedP90Ms)).toBe(0.6667); // 40 / 60, four decimals
  });

  it('leaves running clocks and clocks closed before any verdict out of the ratio and the times', () => {
    // A breached clock answered late counts its 90 min; the closed one (stopped) counted 5 min but has no verdict.
    const cell = complianceOf([
      { outcome: 'running', stoppedAt: null, elapsedMs: null },
      { outcome: 'running', stoppedAt: at, elapsedMs: minutes(5) },
      { outcome: 'breached', stoppedAt: at, elapsedMs: minutes(90) },
    ]);
    expect(cell).toMatchObject({ met: 0, breached: 1, running: 1, stopped: 1, compliance: { numerator: 0, denominator: 1, value: 0 }, timed: 1, elapsedP50Ms: minutes(90), elapsedP90Ms: minutes(90) });
  });

  it('has no ratio and no times for no clocks', () => {
    expect(complianceOf([])).toMatchObject({ compliance: { numerator: 0, denominator: 0, value: null }, elapsedP50Ms: null, elapsedP90Ms: null });
  });

  it('tells a stopped clock without a verdict from a running one', () => {
    expect(outcomeOf({ outcome: 'running', stoppedAt: null })).toBe('running');
    expect(outcomeOf({ outcome: 'running', stoppedAt: at })).toBe('stopped');
    expect(outcomeOf({ outcome: 'breached', stoppedAt: at })).toBe('breached');
  });
});
