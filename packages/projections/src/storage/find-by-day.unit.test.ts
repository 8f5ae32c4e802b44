import { describe, expect, it } from 'vitest';
import { daysFrom } from './find-by-day.js';

describe('the days a read day by day reads', () => {
  it('lists each UTC day from the first to the last, across a month and a year', () => {
    expect(daysFrom('2026-12-30', '2027-01-02')).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
    expect(daysFrom('2028-02-28', '2028-03-01')).toEqual(['2028-02-28', '2028-02-29', '2028-03-01']);
    expect(daysFrom('2026-03-04', '2026-03-04')).toEqual(['2026-03-04']);
  });
});
