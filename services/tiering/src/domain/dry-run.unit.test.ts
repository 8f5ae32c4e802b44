import { describe, expect, it } from 'vitest';
import { calibrate } from './calibrate.js';
import { componentValues, isActiveCustomer } from './component-values.js';
import { dryRun, type DryRunCustomer } from './dry-run.js';
import { defaultTierPolicy } from './policy.js';
import { scores, testPolicy } from './test-support/policies.js';
import { syntheticHistories } from './test-support/synthetic.js';

const customer = (customerId: string, values: DryRunCustomer['values'], currentTier: string | null): DryRunCustomer => ({
  customerId,
  values,
  currentTier,
});

describe('given five customers and a proposed policy', () => {
  const customers = [
    customer('C-1', scores.key, 'gold'),
    customer('C-2', scores.standard, 'gold'),
    customer('C-3', scores.silver, 'silver'),
    customer('C-4', scores.gold, null),
    customer('C-5', scores.silver, 'platinum'),
  ];

  it('when dry-run then it counts the distribution before and after and every kind of move', () => {
    const result = dryRun({ asOf: '2025-03-01', customers, proposed: testPolicy, current: null });
    expect(result).toMatchObject({
      asOf: '2025-03-01',
      total: 5,
      distributionBefore: { key_account: 0, gold: 2, silver: 1, standard: 0, platinum: 1 },
      unassignedBefore: 1,
      distributionAfter: { key_account: 1, gold: 1, silver: 2, standard: 1 },
      upgrades: 1,
      downgrades: 1,
      unchanged: 1,
      assigned: 1,
      reclassified: 1,
      moversTotal: 4,
    });
    expect(result.damping).toContain('downgrades spread over reviews');
  });

  it('when movers are listed then the largest moves come first, capped, each with its drivers', () => {
    const { movers } = dryRun({ asOf: '2025-03-01', customers, proposed: testPolicy, current: null, moversLimit: 2 });
    expect(movers.map(({ customerId }) => customerId)).toEqual(['C-2', 'C-1']);
    expect(movers[0]).toMatchObject({ from: 'gold', to: 'standard', movement: 'downgrade', scoreBefore: null, score: 0.25 });
    expect(movers[0]!.drivers.map(({ component }) => component)).toEqual(['monetary', 'frequency', 'recency']);
  });

  it('when compared with a current policy then movers rank by score change and drivers show the change', () => {
    const current = { ...testPolicy, components: [{ component: 'monetary' as const, weight: 1, normalisation: testPolicy.components[0]!.normalisation }] };
    const { movers } = dryRun({ asOf: '2025-03-01', customers, proposed: testPolicy, current });
    expect(movers[0]).toMatchObject({ customerId: 'C-4', scoreBefore: 0.75, score: 0.675 });
    expect(movers[0]!.drivers[2]).toMatchObject({ component: 'monetary', change: -0.375 });
  });
});

describe('given 100,000 customers', () => {
  it('when measured, calibrated and dry-run then every customer is counted once and the movers are capped at 1,000', () => {
    const asOf = Date.parse('2025-03-01T00:00:00Z');
    const histories = syntheticHistories(100_000, asOf);
    const measure = { asOf, windowMonths: 12, monetaryBasis: 'margin' as const, toPolicyMinor: (minor: number) => minor, timeZone: 'Asia/Shanghai' };
    const values = histories.map((history) => componentValues(history, measure));
    const active = values.filter((_, i) => isActiveCustomer(histories[i]!, asOf, defaultTierPolicy.activeWithinMonths));
    const proposed = { ...defaultTierPolicy, calibration: calibrate(defaultTierPolicy, active, '2025-03-01') };
    const current = { ...proposed, tiers: proposed.tiers.map((tier, i) => ({ ...tier, minScore: [0.7, 0.5, 0.3, 0][i]! })) };
    const customers = histories.map((history, i) => ({ customerId: history.customerId, values: values[i]!, currentTier: i % 10 === 0 ? null : 'silver' }));
    const result = dryRun({ asOf: '2025-03-01', customers, proposed, current });
    expect(result.total).toBe(100_000);
    expect(Object.values(result.distributionAfter).reduce((sum, n) => sum + n, 0)).toBe(100_000);
    expect(result.movers).toHaveLength(1000);
    // A bound for a hung test only, far above its time on a loaded machine: the benchmarks time the dry run.
  }, 180_000);
});
