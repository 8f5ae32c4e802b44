import { describe, expect, it } from 'vitest';
import { matchesComplaint, type ComplaintFact } from './complaint-facts.js';
import { causeMix, complaintRates, repeatComplaints } from './complaint-figures.js';

const complaint = (caseId: string, fact: Partial<ComplaintFact> = {}): ComplaintFact => ({
  caseId, customerId: `C-${caseId}`, tier: 'gold', channel: 'phone', team: null, causes: [], repeat: false,
  openedAt: 0, month: '2026-03', resolvedAt: null, resolvedMonth: null, closedAt: null, open: true, trace: [], ...fact,
});

describe('complaint figures', () => {
  const march = [complaint('K-1', { causes: ['process', 'attitude'], repeat: true }), complaint('K-2', { causes: ['process'] }), complaint('K-3', { tier: null })];
  const active = new Map([['2026-03', 60], ['2026-04', 40]]);

  it('complaint rate: 3 complaints among 60 active customers is 0.05; a month without complaints is 0 of its active customers', () => {
    expect(complaintRates(march, ['2026-03', '2026-04'], [], active)).toEqual([
      { key: { month: '2026-03' }, rate: { numerator: 3, denominator: 60, value: 0.05 } },
      { key: { month: '2026-04' }, rate: { numerator: 0, denominator: 40, value: 0 } },
    ]);
  });

  it('splits the complaints by tier, every group over all the month’s active customers', () => {
    expect(complaintRates(march, ['2026-03'], ['tier'], active).map(({ key, rate }) => [key, rate.value])).toEqual([
      [{ month: '2026-03', tier: 'gold' }, 0.0333], // 2 / 60
      [{ month: '2026-03', tier: null }, 0.0167], // 1 / 60
    ]);
  });

  it('root-cause mix: a complaint with two causes counts for both, shares of the complaints with a cause, the rest apart', () => {
    expect(causeMix(march, ['2026-03'], []).map(({ cause, count, share, complaints }) => [cause, count, share?.value ?? null, share?.denominator ?? null, complaints])).toEqual([
      ['attitude', 1, 0.5, 2, 3], // K-1 of K-1, K-2
      ['process', 2, 1, 2, 3], // K-1 and K-2
      [null, 1, null, null, 3], // K-3 has no cause
    ]);
  });

  it('repeat complaints: 1 flagged of 3 opened', () => {
    expect(repeatComplaints(march, ['2026-03'], [])[0]!.repeats).toEqual({ numerator: 1, denominator: 3, value: 0.3333 });
  });

  it('selects by the drill filters: cause or none, repeat, open, resolved month, team none', () => {
    const resolved = complaint('K-4', { resolvedMonth: '2026-04', resolvedAt: 1, open: false });
    const all = [...march, resolved];
    expect(all.filter((fact) => matchesComplaint(fact, { cause: 'process' })).map(({ caseId }) => caseId)).toEqual(['K-1', 'K-2']);
    expect(all.filter((fact) => matchesComplaint(fact, { cause: 'none', tier: 'none' })).map(({ caseId }) => caseId)).toEqual(['K-3']);
    expect(all.filter((fact) => matchesComplaint(fact, { repeat: 'no', open: 'yes' })).map(({ caseId }) => caseId)).toEqual(['K-2', 'K-3']);
    expect(all.filter((fact) => matchesComplaint(fact, { resolvedMonth: '2026-04', team: 'none' })).map(({ caseId }) => caseId)).toEqual(['K-4']);
    expect(all.filter((fact) => matchesComplaint(fact, { from: '2026-04' }))).toEqual([]);
  });
});
