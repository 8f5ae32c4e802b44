import { describe, expect, it } from 'vitest';
import { periodOf } from '../metrics/period.js';
import { buyersOf } from './buyers.js';
import { cohortTable } from './cohorts.js';
import { selectCustomers } from './customer-states.js';
import { repeatPurchaseTable } from './repeat-purchase.js';
import { retentionTable } from './retention-table.js';
import { spansOf, windowOf } from './retention-windows.js';
import { customer } from './test-support/customer-documents.js';

const timeZone = 'UTC';
/**
 * Five customers; March 2026 runs from 1 Mar 00:00 to 1 Apr 00:00 (UTC). With activeDays = 30, active at
 * the start of March means a purchase in [30 Jan, 1 Mar), at its end a purchase in [2 Mar, 1 Apr).
 */
const buyers = buyersOf([
  customer('A', ['2026-02-10T10:00:00Z', '2026-03-15T10:00:00Z', '2026-04-20T10:00:00Z']),
  customer('B', ['2026-02-20T10:00:00Z']),
  customer('C', ['2026-03-10T10:00:00Z', '2026-03-28T10:00:00Z'], { refunds: [{ orderId: 'C-2', at: new Date('2026-03-29T10:00:00Z'), position: '900' }] }),
  customer('D', ['2025-12-01T10:00:00Z', '2026-03-20T10:00:00Z']),
  customer('E', ['2026-01-31T10:00:00Z', '2026-03-25T10:00:00Z']),
]);
const marchToApril = periodOf('2026-03', '2026-04', timeZone);
const figures = (table: { rows: readonly Record<string, unknown>[] }, ...columns: string[]) => table.rows.map((row) => columns.map((column) => row[column]));

describe('retention and churn (domain.md section 5)', () => {
  it('counts S, E, N and lost per month with a 30-day activity window', () => {
    // March: S = A (10 Feb), B (20 Feb), E (31 Jan) = 3; E = A (15 Mar), C (10 Mar), D (20 Mar), E (25 Mar) = 4;
    // N = C (first purchase ever on 10 Mar) = 1; lost = B (nothing since 20 Feb) = 1.
    // retention = (4 - 1) / 3 = 1 (D came back after a lapse and counts as kept), churn = 1 / 3.
    // April: S = March's E = 4; E = A (20 Apr) = 1; N = 0; lost = C, D, E = 3; retention = 1 / 4, churn = 3 / 4.
    const table = retentionTable(buyers, spansOf(marchToApril, true), 30);
    expect(figures(table, 'month', 'activeAtStart', 'activeAtEnd', 'new', 'lost', 'endMinusNew', 'retention', 'churn')).toEqual([
      ['2026-03', 3, 4, 1, 1, 3, 1, 0.3333],
      ['2026-04', 4, 1, 0, 3, 1, 0.25, 0.75],
    ]);
    expect(table.rows[0]).toMatchObject({ drill: '/v1/analytics/retention/customers?activeDays=30&month=2026-03&state=start', drillLost: '/v1/analytics/retention/customers?activeDays=30&month=2026-03&state=lost' });
  });

  it('with the default 365 days, and over the whole period when not grouped by month', () => {
    // March, 365 days: S = purchases in [1 Mar 2025, 1 Mar 2026): A, B, D, E = 4; E: all five; N = C; lost = none.
    expect(figures(retentionTable(buyers, spansOf(periodOf('2026-03', '2026-03', timeZone), true), 365), 'activeAtStart', 'activeAtEnd', 'new', 'lost', 'retention', 'churn')).toEqual([[4, 5, 1, 0, 1, 0]]);
    // March to April as one span [1 Mar, 1 May), 30 days: S = 3 as in March; E = purchases in [1 Apr, 1 May): A (20 Apr) = 1;
    // N = C = 1; lost = B, E = 2 (A is still active); retention = (1 - 1) / 3 = 0, churn = 2 / 3.
    const whole = retentionTable(buyers, spansOf(marchToApril, false), 30);
    expect(whole.columns[0]).toBe('activeAtStart');
    expect(figures(whole, 'activeAtStart', 'activeAtEnd', 'new', 'lost', 'retention', 'churn', 'drill')).toEqual([[3, 1, 1, 2, 0, 0.6667, '/v1/analytics/retention/customers?activeDays=30&from=2026-03&state=start&to=2026-04']]);
  });

  it('lists as many customers per state as the figures count', () => {
    for (const activeDays of [30, 365]) {
      for (const span of spansOf(marchToApril, true)) {
        const [row] = retentionTable(buyers, [span], activeDays).rows;
        const listed = (state: 'start' | 'end' | 'new' | 'lost') => selectCustomers(buyers, { state, interval: span, activeDays, timeZone }).length;
        expect([listed('start'), listed('end'), listed('new'), listed('lost')]).toEqual([row!.activeAtStart, row!.activeAtEnd, row!.new, row!.lost]);
      }
    }
  });

  it('lists the customers of a state with the purchases that decided it', () => {
    const march = spansOf(periodOf('2026-03', '2026-03', timeZone), true)[0]!;
    const lost = selectCustomers(buyers, { state: 'lost', interval: march, activeDays: 30, timeZone });
    expect(lost.map(({ id, decidedBy }) => [id, decidedBy.map(({ orderId }) => orderId)])).toEqual([['B', ['B-1']]]);
    const started = selectCustomers(buyers, { state: 'start', interval: march, activeDays: 30, timeZone });
    expect(started.map(({ id }) => id)).toEqual(['A', 'B', 'E']);
    expect(selectCustomers(buyers, { state: 'new', interval: march, activeDays: 30, timeZone }).map(({ id, decidedBy }) => [id, decidedBy.map(({ orderId }) => orderId)])).toEqual([['C', ['C-1']]]);
  });
});

describe('repeat-purchase rate', () => {
  const table = (window: 'month' | 'year') => repeatPurchaseTable(buyers, spansOf(marchToApril, true), window, (span) => windowOf(span.month!, window, timeZone));

  it('is customers with 2+ purchases / with 1+ in the month; a refunded purchase still counts', () => {
    // March: A 1, C 2 (C-2 refunded, still a purchase), D 1, E 1: 1 / 4. April: A 1: 0 / 1.
    expect(figures(table('month'), 'month', 'window', 'repeaters', 'buyers', 'repeatPurchase')).toEqual([
      ['2026-03', 'month', 1, 4, 0.25],
      ['2026-04', 'month', 0, 1, 0],
    ]);
    expect(table('month').rows[0]).toMatchObject({ drill: '/v1/analytics/retention/customers?month=2026-03&state=repeat&window=month' });
  });

  it('or in the 12 months ending with the month', () => {
    // Apr 2025 - Mar 2026: A 2, B 1, C 2, D 2, E 2: 4 / 5. May 2025 - Apr 2026: A 3, B 1, C 2, D 2, E 2: 4 / 5.
    expect(figures(table('year'), 'month', 'repeaters', 'buyers', 'repeatPurchase')).toEqual([
      ['2026-03', 4, 5, 0.8],
      ['2026-04', 4, 5, 0.8],
    ]);
  });
});

describe('purchase cohorts', () => {
  it('gives each cohort its size and the share that purchased k months after, up to the month in progress', () => {
    // Cohorts by first purchase: Dec D, Jan E, Feb A and B, Mar C. Now 15 May: May has begun, not ended.
    // Feb: k0 2/2; k1 March: A (B bought nothing) 1/2; k2 April: A 1/2; k3 May: 0/2, incomplete.
    // Mar: k0 1/1; k1 April 0/1; k2 May 0/1, incomplete.
    const table = cohortTable(buyers, ['2026-02', '2026-03'], timeZone, Date.parse('2026-05-15T00:00:00Z'));
    expect(figures(table, 'cohort', 'k', 'month', 'size', 'purchased', 'share', 'complete')).toEqual([
      ['2026-02', 0, '2026-02', 2, 2, 1, true],
      ['2026-02', 1, '2026-03', 2, 1, 0.5, true],
      ['2026-02', 2, '2026-04', 2, 1, 0.5, true],
      ['2026-02', 3, '2026-05', 2, 0, 0, false],
      ['2026-03', 0, '2026-03', 1, 1, 1, true],
      ['2026-03', 1, '2026-04', 1, 0, 0, true],
      ['2026-03', 2, '2026-05', 1, 0, 0, false],
    ]);
    expect(table.rows[1]).toMatchObject({ drill: '/v1/analytics/retention/customers?cohort=2026-02&purchasedIn=2026-03', members: '/v1/analytics/retention/customers?cohort=2026-02' });
  });
});

describe('merged and erased customers', () => {
  it("count a merged-away id's purchases for the survivor at the end of its merges, each order once, and keep an erased id", () => {
    const merged = buyersOf([
      customer('S', ['2026-03-05T00:00:00Z'], { mergedFrom: ['M1'] }),
      customer('M1', ['2026-01-05T00:00:00Z'], { mergedInto: 'S', mergedFrom: ['M2'] }),
      { ...customer('M2', ['2026-02-05T00:00:00Z']), mergedInto: 'M1', purchases: [{ orderId: 'S-1', at: new Date('2026-03-05T00:00:00Z'), amount: '100.00', position: '990' }, { orderId: 'M2-1', at: new Date('2026-02-05T00:00:00Z'), amount: '5.00', position: '991' }] },
      customer('X', ['2026-02-01T00:00:00Z'], { erased: true }),
    ]);
    expect(merged.map(({ id, purchases, mergedFrom, erased }) => [id, purchases.map(({ orderId }) => orderId), mergedFrom, erased])).toEqual([
      ['S', ['M1-1', 'M2-1', 'S-1'], ['M1', 'M2'], false],
      ['X', ['X-1'], [], true],
    ]);
  });
});
