import { describe, expect, it } from 'vitest';
import { drawSample, type SampleCandidate } from './sampling.js';

const population: SampleCandidate[] = Array.from({ length: 1000 }, (_, index) => ({
  customerId: `C-${index}`,
  tier: index < 100 ? 'gold' : index < 400 ? 'silver' : null,
  eligible: index % 7 !== 0,
}));

describe('a stratified relationship sample', () => {
  it('draws ceil(rate x active) per tier, so at least 0.5 % of all, only eligible customers', () => {
    const { strata, drawn } = drawSample(population, 'seed-1', 0.005);
    expect(strata.map(({ tier, active, quota, invited }) => ({ tier, active, quota, invited }))).toEqual([
      { tier: null, active: 600, quota: 3, invited: 3 },
      { tier: 'gold', active: 100, quota: 1, invited: 1 },
      { tier: 'silver', active: 300, quota: 2, invited: 2 },
    ]);
    expect(drawn.length).toBeGreaterThanOrEqual(0.005 * population.length);
    expect(drawn.every((id) => Number(id.slice(2)) % 7 !== 0)).toBe(true);
  });

  it('is reproducible from its seed, whatever the population’s order; another seed draws others', () => {
    const again = drawSample([...population].reverse(), 'seed-1', 0.005);
    expect(again.drawn.toSorted()).toEqual(drawSample(population, 'seed-1', 0.005).drawn.toSorted());
    expect(drawSample(population, 'seed-2', 0.05).drawn).not.toEqual(drawSample(population, 'seed-1', 0.05).drawn);
  });

  it('passes over the ineligible and counts them', () => {
    const { strata } = drawSample(population.map((candidate) => ({ ...candidate, eligible: candidate.tier !== 'gold' })), 'seed-1', 0.05);
    expect(strata.find(({ tier }) => tier === 'gold')).toMatchObject({ active: 100, quota: 5, invited: 0, ineligible: 100 });
  });
});
