import { describe, expect, it } from 'vitest';
import { equalPeriods } from './effect.js';
import { emptySeries, periodCountsOf, withAnswer, withComplaint, withCustomerDays, type EffectScope } from './effect-series.js';

const scope: EffectScope = { causes: ['process'], channels: ['phone'], tiers: [], teams: [] };
const start = '2026-04-01';
const counts = (series: ReturnType<typeof emptySeries>, days: number) => periodCountsOf(series, equalPeriods(start, days, '2026-12-31'));

describe('an action’s effect series', () => {
  it('given a customer’s purchase days, then it is active in the periods that hold one of them, whatever their length', () => {
    const series = withCustomerDays(emptySeries(start), [], ['2026-01-05', '2026-03-20', '2026-04-03']);
    expect([10, 12, 90].map((days) => counts(series, days).before.activeCustomers)).toEqual([0, 1, 1]);
    expect([2, 3].map((days) => counts(series, days).after.activeCustomers)).toEqual([0, 1]);
  });

  it('given a later purchase day nearer the start, then the customer moves, counted once', () => {
    const once = withCustomerDays(emptySeries(start), [], ['2026-03-01']);
    const moved = withCustomerDays(once, ['2026-03-01'], ['2026-03-01', '2026-03-30']);
    expect(counts(moved, 5).before.activeCustomers).toBe(1);
    expect(counts(moved, 60).before.activeCustomers).toBe(1);
    expect(moved.lastBefore.reduce((sum, count) => sum + count, 0)).toBe(1);
  });

  it('given a complaint whose causes change, then it leaves and re-enters the scope, never counted twice', () => {
    const phone = { day: '2026-03-25', channel: 'phone', tier: null, team: null };
    const [process, billing, both] = [{ ...phone, causes: ['process'] }, { ...phone, causes: ['billing'] }, { ...phone, causes: ['process', 'billing'] }];
    const inScope = withComplaint(emptySeries(start), scope, null, process);
    expect(counts(inScope, 30).before.complaints).toBe(1);
    const out = withComplaint(inScope, scope, process, billing);
    expect(counts(out, 30).before.complaints).toBe(0);
    const back = withComplaint(withComplaint(out, scope, billing, both), scope, both, process);
    expect(counts(back, 30).before.complaints).toBe(1);
    expect(counts(back, 6).before.complaints).toBe(0);
    expect(counts(withComplaint(back, scope, null, { ...process, channel: 'email' }), 30).before.complaints).toBe(1);
  });

  it('given CSAT answers, then only those in scope and in the window count, satisfied at 4 or 5', () => {
    const answer = (day: string, channel: string | null, satisfied: boolean) => ({ day, tier: 'gold', channel, satisfied });
    let series = emptySeries(start);
    for (const each of [answer('2026-03-31', 'phone', true), answer('2026-04-01', 'phone', false), answer('2026-04-01', 'email', true), answer('2026-04-01', null, true), answer('2025-03-01', 'phone', true)]) series = withAnswer(series, scope, each);
    expect(counts(series, 1)).toMatchObject({ before: { csat: { responses: 1, satisfied: 1 } }, after: { csat: { responses: 1, satisfied: 0 } } });
    expect(counts(series, 366).before.csat).toEqual({ responses: 1, satisfied: 1 });
  });
});
