import { describe, expect, it } from 'vitest';
import { daysOf } from './pause-reads.js';

describe('the days a pause query reads', () => {
  it('lists each UTC day from the first to the last, across a month and a year', () => {
    expect(daysOf('2026-12-30', '2027-01-02')).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
    expect(daysOf('2028-02-28', '2028-03-01')).toEqual(['2028-02-28', '2028-02-29', '2028-03-01']);
    expect(daysOf('2026-03-04', '2026-03-04')).toEqual(['2026-03-04']);
  });
});
