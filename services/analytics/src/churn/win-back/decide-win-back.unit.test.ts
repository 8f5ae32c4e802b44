import { eventRegistry, type ChurnEvent } from '@ctp/contracts';
import { deciderSpecification } from '@ctp/test-kit';
import { describe, expect, it } from 'vitest';
import type { CustomerRisk } from '../churn-backtest.js';
import { decideWinBack, evolveWinBack, initialWinBackState, topFactorsOf, type ScoredCustomer } from './decide-win-back.js';

const model = { id: 'churn-early-warning', version: 2, threshold: 0.35 };
const trace = (...positions: string[]) => positions.map((position) => ({ position, type: 'test' }));

/** A risk of 0.35 x recency + 0.1 x surveys + 0.05 x contacts (the other factors 0). */
function risk(recency: number, surveys = 0, contacts = 0): CustomerRisk {
  const parts = [
    { factor: 'recencyDrift' as const, weight: 0.35, value: recency, trace: trace('4') },
    { factor: 'poorSurveys' as const, weight: 0.1, value: surveys, trace: trace('100', '101') },
    { factor: 'overdueContacts' as const, weight: 0.05, value: contacts, trace: trace('200', '101') },
    { factor: 'complaints' as const, weight: 0.05, value: 0, trace: trace('300') },
  ];
  const score = Math.round(parts.reduce((sum, { weight, value }) => sum + weight * value, 0) * 10_000) / 10_000;
  return {
    customerId: 'C-1', score, atRisk: score >= model.threshold,
    contributions: parts.map(({ factor, weight, value }) => ({ factor, weight, value, contribution: Math.round(weight * value * 10_000) / 10_000, share: score === 0 ? null : Math.round(((weight * value) / score) * 10_000) / 10_000 })),
    factors: parts.map(({ factor, value, trace: facts }) => ({ name: factor, measured: {}, value, trace: facts })),
  };
}

const scan = (customerRisk: CustomerRisk, asOf: string, tier: string | null = 'key'): ScoredCustomer => ({ risk: customerRisk, tier, model, asOf, at: `${asOf}T02:00:00.000Z` });
const validate = (events: readonly ChurnEvent[]) => events.forEach(({ type, data }) => eventRegistry.parseData(type, eventRegistry.latest(type).version, data));
const spec = deciderSpecification<ScoredCustomer, ReturnType<typeof initialWinBackState>, ChurnEvent>({ decide: decideWinBack, evolve: evolveWinBack, initialState: initialWinBackState, validate });

// 0.35 x 0.974 + 0.1 x 0.5 + 0.05 x 0.5 = 0.3409 + 0.05 + 0.025 = 0.4159: above the threshold 0.35
const atRisk = risk(0.974, 0.5, 0.5);
// 0.35 x 0.2 = 0.07: below
const safe = risk(0.2);

describe('win-back tasks: one per crossing of the threshold', () => {
  it('a first score above the threshold asks for a tier-specific task with the top factors and the positions behind them', () => {
    spec.given().when(scan(atRisk, '2026-01-01')).then({
      type: 'WinBackRequested',
      data: {
        customerId: 'C-1', crossing: 1, tier: 'key', score: 0.4159, threshold: 0.35, model: { id: 'churn-early-warning', version: 2 }, asOf: '2026-01-01',
        topFactors: [
          { factor: 'recencyDrift', value: 0.974, contribution: 0.3409, share: 0.8197 }, // 0.3409 / 0.4159 = 0.81967
          { factor: 'poorSurveys', value: 0.5, contribution: 0.05, share: 0.1202 },
          { factor: 'overdueContacts', value: 0.5, contribution: 0.025, share: 0.0601 },
        ],
        causes: ['4', '100', '101', '200'],
        requestedAt: '2026-01-01T02:00:00.000Z',
      },
    });
  });

  it('nothing while the customer stays above, nor while below', () => {
    const requested = spec.given().when(scan(atRisk, '2026-01-01')).then({ type: 'WinBackRequested' });
    spec.given(...requested).when(scan(risk(1), '2026-01-02')).thenNothing();
    spec.given().when(scan(safe, '2026-01-02')).thenNothing();
  });

  it('falling below records that the risk subsided; crossing anew asks for a second task', () => {
    const requested = spec.given().when(scan(atRisk, '2026-01-01')).then({ type: 'WinBackRequested', data: { crossing: 1 } });
    const subsided = spec.given(...requested).when(scan(safe, '2026-02-01')).then({ type: 'ChurnRiskSubsided', data: { crossing: 1, score: 0.07, asOf: '2026-02-01', subsidedAt: '2026-02-01T02:00:00.000Z' } });
    spec.given(...requested, ...subsided).when(scan(safe, '2026-02-02')).thenNothing();
    spec.given(...requested, ...subsided).when(scan(atRisk, '2026-03-01', 'standard')).then({ type: 'WinBackRequested', data: { crossing: 2, tier: 'standard', asOf: '2026-03-01' } });
  });

  it('a day not after the latest decided one (a scan catching up on missed days) decides nothing', () => {
    const requested = spec.given().when(scan(atRisk, '2026-01-05')).then({ type: 'WinBackRequested' });
    spec.given(...requested).when(scan(safe, '2026-01-03')).thenNothing();
    spec.given(...requested).when(scan(safe, '2026-01-05')).thenNothing();
    const subsided = spec.given(...requested).when(scan(safe, '2026-01-06')).then({ type: 'ChurnRiskSubsided' });
    spec.given(...requested, ...subsided).when(scan(atRisk, '2026-01-04')).thenNothing();
    expect(spec.given(...requested, ...subsided).state).toEqual({ crossings: 1, above: false, lastAsOf: '2026-01-06' });
  });

  it('a score exactly at the threshold crosses it', () => {
    spec.given().when(scan(risk(1), '2026-01-01', null)).then({ type: 'WinBackRequested', data: { score: 0.35, tier: null, topFactors: [{ factor: 'recencyDrift', share: 1 }], causes: ['4'] } });
  });

  it('the top factors leave out the ones contributing nothing, and at most three', () => {
    expect(topFactorsOf(risk(1)).topFactors.map(({ factor }) => factor)).toEqual(['recencyDrift']);
    expect(topFactorsOf(risk(0)).topFactors).toEqual([]);
  });
});
