import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { periodOf } from '../metrics/period.js';
import { chunkInstants, pickOf } from './buyer-instants.js';
import { buyerEntry } from './buyer-listing.js';
import { customerStates, selectCustomers, type CustomerSelection } from './customer-states.js';
import { windowOf } from './retention-windows.js';
import { buyers, months } from './test-support/buyer-arbitraries.js';

describe('a selection told from the buyers\' purchase instants alone', () => {
  for (const timeZone of ['Asia/Shanghai', 'Europe/Berlin', 'America/New_York']) {
    it(`picks exactly the buyers selectCustomers selects: any state, span, window, activeDays, cohort and purchasedIn (${timeZone})`, () => {
      const selection = fc.record({
        state: fc.option(fc.constantFrom(...customerStates), { nil: undefined }),
        month: months,
        shape: fc.integer({ min: 0, max: 3 }),
        activeDays: fc.integer({ min: 30, max: 1_095 }),
        cohort: fc.option(months, { nil: undefined }),
        purchasedIn: fc.option(months, { nil: undefined }),
      }).map(({ state, month, shape, activeDays, cohort, purchasedIn }): CustomerSelection => ({
        state,
        interval: [periodOf(month, month, timeZone), windowOf(month, 'year', timeZone), periodOf(month, '2026-12', timeZone), null][shape]!,
        activeDays,
        cohort,
        purchasedIn: purchasedIn === undefined ? null : periodOf(purchasedIn, purchasedIn, timeZone),
        timeZone,
      }));
      fc.assert(fc.property(buyers(timeZone), selection, (all, chosen) => {
        const instants = chunkInstants(all.map(buyerEntry));
        const pick = pickOf(chosen);
        expect(instants.ids.filter((_, n) => pick(instants, n))).toEqual(selectCustomers(all, chosen).map(({ id }) => id));
      }), { numRuns: 300 });
    });
  }
});
