import { describe, expect, it } from 'vitest';
import { cadenceYearFrom, planCadenceYear, planDissatisfactionVisit } from './cadence-plan.js';

const year = cadenceYearFrom('2026-01-01T00:00:00.000Z');

describe('the cadence planner', () => {
  it('spreads a key account’s 4 callbacks and 2 visits evenly over the cadence year, each due at the end of its slice', () => {
    expect(year).toEqual({ from: '2026-01-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' });
    expect(planCadenceYear({ callbacksPerYear: 4, onSiteVisitsPerYear: 2, dedicatedManager: true }, year, 'Asia/Shanghai')).toEqual([
      { kind: 'callback', dueAt: '2026-04-02T06:00:00.000Z', dueOn: '2026-04-02' },
      { kind: 'callback', dueAt: '2026-07-02T12:00:00.000Z', dueOn: '2026-07-02' },
      { kind: 'visit', dueAt: '2026-07-02T12:00:00.000Z', dueOn: '2026-07-02' },
      { kind: 'callback', dueAt: '2026-10-01T18:00:00.000Z', dueOn: '2026-10-02' },
      { kind: 'callback', dueAt: '2027-01-01T00:00:00.000Z', dueOn: '2027-01-01' },
      { kind: 'visit', dueAt: '2027-01-01T00:00:00.000Z', dueOn: '2027-01-01' },
    ]);
  });

  it('gives every customer at least one non-site callback a year, and no visit without the entitlement', () => {
    expect(planCadenceYear({ callbacksPerYear: 0, onSiteVisitsPerYear: 0, dedicatedManager: false }, year, 'Asia/Shanghai')).toEqual([{ kind: 'callback', dueAt: '2027-01-01T00:00:00.000Z', dueOn: '2027-01-01' }]);
  });

  it('counts the due day in the business time zone, and a leap year by its own length', () => {
    const leap = cadenceYearFrom('2028-01-01T00:00:00.000Z');
    expect(leap.to).toBe('2029-01-01T00:00:00.000Z');
    expect(planCadenceYear({ callbacksPerYear: 2, onSiteVisitsPerYear: 0, dedicatedManager: false }, leap, 'Asia/Shanghai')[0]).toEqual({ kind: 'callback', dueAt: '2028-07-02T00:00:00.000Z', dueOn: '2028-07-02' });
  });

  it('plans a dissatisfied customer’s visit the given number of days after the complaint', () => {
    expect(planDissatisfactionVisit('2026-03-04T06:00:00.000Z', 30, 'Asia/Shanghai')).toEqual({ kind: 'visit', dueAt: '2026-04-03T06:00:00.000Z', dueOn: '2026-04-03' });
  });
});
