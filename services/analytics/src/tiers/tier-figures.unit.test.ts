import { describe, expect, it } from 'vitest';
import { periodOf } from '../metrics/period.js';
import { tierDistribution } from './tier-distribution.js';
import { movementsInForce } from './tier-history.js';
import { movementFacts, tierMovementCounts } from './tier-movement-counts.js';
import { tierHistory } from './test-support/tier-history.js';

const timeZone = 'Asia/Shanghai';
const movements = movementsInForce(tierHistory());
const months = ['2026-01', '2026-02', '2026-03'];

describe('tier movements in force', () => {
  it('keeps the events after which the tier in force differs, with the tiers before and after', () => {
    expect(movements.map(({ id, customerId, from, to, direction }) => [id, customerId, from, to, direction])).toEqual([
      ['E-1', 'C-1', null, 'silver', 'assigned'],
      ['E-2', 'C-1', 'silver', 'gold', 'upgrade'],
      ['E-3', 'C-2', null, 'gold', 'assigned'],
      ['E-4', 'C-2', 'gold', 'key_account', 'override'],
      // E-5: the computed tier fell to silver under the override: the tier in force stayed key_account.
      ['E-6', 'C-2', 'key_account', 'silver', 'override_expired'],
      ['E-7', 'C-3', null, 'bronze', 'assigned'],
      ['E-8', 'C-3', 'bronze', null, 'withdrawn'],
      // C-4's override alone names no policy: no tier in force (tierInForce), so no movement.
    ]);
  });
});

describe('the tier distribution at month ends', () => {
  it("counts each customer's tier in force at the month's end, share of the customers with a tier then", () => {
    // End of Jan: C-1 silver, C-2 gold (2 tiered). End of Feb: C-1 gold, C-2 key_account; C-3's assignment is
    // on 1 Mar in Shanghai. End of Mar: C-1 gold, C-2 silver; C-3 withdrawn.
    const table = tierDistribution(movements, { months, timeZone, groupBy: ['month', 'tier'] });
    expect(table.columns).toEqual(['month', 'tier', 'customers', 'tiered', 'share', 'drill']);
    expect(table.rows.map(({ month, tier, customers, tiered, share }) => [month, tier, customers, tiered, share])).toEqual([
      ['2026-01', 'gold', 1, 2, 0.5],
      ['2026-01', 'silver', 1, 2, 0.5],
      ['2026-02', 'gold', 1, 2, 0.5],
      ['2026-02', 'key_account', 1, 2, 0.5],
      ['2026-03', 'gold', 1, 2, 0.5],
      ['2026-03', 'silver', 1, 2, 0.5],
    ]);
    expect(table.rows[3]!.drill).toBe('/v1/analytics/tiers/customers?asOf=2026-02&tier=key_account');
  });

  it('not grouped by month, is the last month end; a tier filter keeps the share of all tiered customers', () => {
    const byTier = tierDistribution(movements, { months, timeZone, groupBy: ['tier'], tier: 'silver' });
    expect(byTier.rows).toEqual([{ tier: 'silver', customers: 1, tiered: 2, share: 0.5, drill: '/v1/analytics/tiers/customers?asOf=2026-03&tier=silver' }]);
    const byMonth = tierDistribution(movements, { months, timeZone, groupBy: ['month'], month: '2026-01' });
    expect(byMonth.rows).toEqual([{ month: '2026-01', customers: 2, tiered: 2, share: 1, drill: '/v1/analytics/tiers/customers?asOf=2026-01' }]);
    const februaryByTier = tierDistribution(movements, { months, timeZone, groupBy: ['tier'], month: '2026-02' });
    expect(februaryByTier.rows.map(({ tier, drill }) => [tier, drill])).toEqual([
      ['gold', '/v1/analytics/tiers/customers?asOf=2026-02&tier=gold'],
      ['key_account', '/v1/analytics/tiers/customers?asOf=2026-02&tier=key_account'],
    ]);
  });
});

describe('tier movement counts', () => {
  const period = periodOf('2026-01', '2026-03', timeZone);

  it('counts movements per month and direction, each row drilling to its movements', () => {
    const table = tierMovementCounts(movementFacts(movements, period, timeZone, {}), period, ['month', 'direction'], {});
    expect(table.rows.map(({ month, direction, movements: count }) => [month, direction, count])).toEqual([
      ['2026-01', 'assigned', 2],
      ['2026-02', 'override', 1],
      ['2026-02', 'upgrade', 1],
      ['2026-03', 'assigned', 1],
      ['2026-03', 'override_expired', 1],
      ['2026-03', 'withdrawn', 1],
    ]);
    expect(table.rows[5]!.drill).toBe('/v1/analytics/tiers/movements?direction=withdrawn&month=2026-03');
  });

  it('groups by from and to tier, none for no tier, and drills over the period when not grouped by month', () => {
    const filters = { toTier: 'none' };
    const table = tierMovementCounts(movementFacts(movements, period, timeZone, filters), period, ['fromTier', 'toTier'], filters);
    expect(table.rows).toEqual([{ fromTier: 'bronze', toTier: null, movements: 1, drill: '/v1/analytics/tiers/movements?from=2026-01&fromTier=bronze&to=2026-03&toTier=none' }]);
    const february = periodOf('2026-02', '2026-02', timeZone);
    expect(tierMovementCounts(movementFacts(movements, february, timeZone, {}), february, [], {}).rows).toEqual([{ movements: 2, drill: '/v1/analytics/tiers/movements?from=2026-02&to=2026-02' }]);
  });
});
