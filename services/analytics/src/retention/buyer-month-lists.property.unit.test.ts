import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { periodOf } from '../metrics/period.js';
import { keptActiveDays, monthListOf, monthListsOf } from './buyer-month-lists.js';
import { customerStates, selectCustomers, type CustomerSelection } from './customer-states.js';
import { windowOf } from './retention-windows.js';
import { buyers, months } from './test-support/buyer-arbitraries.js';

describe('the kept month lists', () => {
  for (const timeZone of ['Asia/Shanghai', 'Europe/Berlin', 'America/New_York']) {
    it(`hold exactly the buyers of the selection they stand for; a selection of more than a month, another state or another activeDays has none (${timeZone})`, () => {
      fc.assert(fc.property(buyers(timeZone), months, fc.constantFrom(...customerStates), fc.constantFrom(keptActiveDays, 90), fc.integer({ min: 0, max: 2 }), (all, month, state, activeDays, shape) => {
        const interval = [periodOf(month, month, timeZone), windowOf(month, 'year', timeZone), periodOf(month, '2026-12', timeZone)][shape]!;
        const selections: CustomerSelection[] = [{ state, interval, activeDays, timeZone }, { cohort: month, interval: null, activeDays, timeZone }];
        for (const selection of selections) {
          const list = monthListOf(selection);
          const wholeMonth = shape === 0 || (shape === 2 && month === '2026-12');
          const keptState = state === 'new' || state === 'repeat' || (state === 'lost' && activeDays === keptActiveDays);
          expect(list !== null).toBe(selection.cohort !== undefined || (wholeMonth && keptState));
          if (list === null) continue;
          const listed = all.filter((buyer) => monthListsOf(buyer, timeZone).includes(list)).map(({ id }) => id);
          expect(listed).toEqual(selectCustomers(all, selection).map(({ id }) => id));
        }
      }), { numRuns: 200 });
    });
  }
});
