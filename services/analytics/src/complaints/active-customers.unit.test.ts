import { describe, expect, it } from 'vitest';
import { activeCustomersBetween, activeCustomersPerMonth } from './active-customers.js';

const at = (iso: string) => Date.parse(iso);

describe('active customers of a month in the business time zone, from UTC-month purchase spans', () => {
  // Asia/Shanghai (UTC+8): March 2026 is [2026-02-28T16:00Z, 2026-03-31T16:00Z).
  const spans = [
    { customerId: 'C-1', first: at('2026-02-10T02:00:00Z'), last: at('2026-02-28T17:00:00Z') }, // last on 1 March 01:00 local
    { customerId: 'C-2', first: at('2026-02-03T02:00:00Z'), last: at('2026-02-28T15:00:00Z') }, // 28 February 23:00 local
    { customerId: 'C-3', first: at('2026-03-31T16:30:00Z'), last: at('2026-03-31T18:00:00Z') }, // 1 April local
    { customerId: 'C-4', first: at('2026-03-31T15:00:00Z'), last: at('2026-03-31T17:00:00Z') }, // 31 March 23:00 local, then 1 April
    { customerId: 'C-5', first: at('2026-03-05T02:00:00Z'), last: at('2026-03-20T02:00:00Z') },
    { customerId: 'C-5', first: at('2026-02-05T02:00:00Z'), last: at('2026-02-28T16:00:00Z') }, // 1 March 00:00 local: the same customer once
  ];

  it('counts a customer whose purchase falls in the local month, wherever the UTC month put it', () => {
    expect([...activeCustomersBetween(spans, at('2026-02-28T16:00:00Z'), at('2026-03-31T16:00:00Z'))].sort()).toEqual(['C-1', 'C-4', 'C-5']);
  });

  it('gives each month its own count', () => {
    expect(activeCustomersPerMonth(spans, ['2026-02', '2026-03', '2026-04'], 'Asia/Shanghai')).toEqual(new Map([['2026-02', 3], ['2026-03', 3], ['2026-04', 2]])); // Feb: C-1, C-2, C-5; Apr: C-3, C-4
  });
});
