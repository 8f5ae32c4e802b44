import { describe, expect, it } from 'vitest';
import { emptyBoundaryCounts, lookbackDays, packBoundaryCounts, unpackBoundaryCounts } from './boundary-counts.js';

const timeZone = 'Asia/Shanghai';

function someCounts() {
  const counts = emptyBoundaryCounts(Date.parse('2026-03-01T00:00:00+08:00'), timeZone);
  for (let day = 0; day < lookbackDays; day += 1) {
    counts.last[day] = (day * 7919) % 53;
    counts.previous[day] = (day * 104_729) % 31;
    if (day % 5 === 0) counts.lastFirstHour[day] = 1;
    if (day % 11 === 0) counts.lastFinalHour[day] = 2;
  }
  return counts;
}

describe('boundary counts as stored', () => {
  it('read back what was packed, from a string far shorter than the arrays', () => {
    const counts = someCounts();
    const packed = packBoundaryCounts(counts);
    expect(unpackBoundaryCounts(counts.firstDay, packed)).toEqual(counts);
    expect(packed.length).toBeLessThan((4 * 4 * lookbackDays * 4) / 3 / 2);
  });
});
