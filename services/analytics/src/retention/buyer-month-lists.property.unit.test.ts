import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { periodOf } from '../metrics/period.js';
import { keptActiveDays, monthListsFor, monthListsOf } from './buyer-month-lists.js';
import { customerStates, selectCustomers, type CustomerSelection } from './customer-states.js';
import { windowOf } from './retention-windows.js';
import { buyers, months } from './test-support/buyer-arbitraries.js';

describe('the kept month lists', () => {
  for (const timeZone of ['Asia/Shanghai', 'Europe/Berlin', 'America/New_York']) {
    it(`hold exactly the buyers of the selection they stand for, new for a span of whole months too; lost over several months, another state, window or activeDays has none (${timeZone})`, () => {
      fc.assert(fc.property(buyers(timeZone), months, fc.constantFrom(...customerStates), fc.constantFrom(keptActiveDays, 90), fc.integer({ min: 0, max: 2 }), (all, month, state, activeDays, shape) => {
        const interval = [periodOf(month, month, timeZone), windowOf(month, 'year', timeZone), periodOf(month, '2026-12', timeZone)][shape]!;
        const selections: CustomerSelection[] = [{ state, interval, activeDays, timeZone }, { cohort: month, interval: null, activeDays, timeZone }];
        for (const selection of selections) {
          const lists = monthListsFor(selection);
          const oneMonth = shape === 0 || (shape === 2 && month === '2026-12');
          const kept = state === 'new' || (oneMonth && (state === 'repeat' || (state === 'lost' && activeDays === keptActiveDays)));
          expect(lists !== null).toBe(selection.cohort !== undefined || kept);
          if (lists === null) continue;
          const listed = all.filter((buyer) => monthListsOf(buyer, timeZone).some((key) => lists.includes(key))).map(({ id }) => id);
          const selected = selectCustomers(all, selection).map(({ id }) => id);
          expect(listed).toEqual(selected);
        }
        const narrowed: CustomerSelection[] = [{ cohort: month, state, interval, activeDays, timeZone }, { state, interval, activeDays, purchasedIn: periodOf(month, month, timeZone), timeZone }];
        for (const selection of narrowed) expect(monthListsFor(selection), 'lists narrowed further hold others too').toBeNull();
      }), { numRuns: 200 });
    });
  }
});
