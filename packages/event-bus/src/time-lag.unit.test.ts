import { describe, expect, it } from 'vitest';
import { timeLagMs } from './time-lag.js';

describe('timeLagMs', () => {
  it('is zero for a read model that has consumed everything, or before any sample', () => {
    expect(timeLagMs([])).toBe(0);
    expect(timeLagMs([{ at: 0, produced: 10, consumed: 2 }, { at: 1_000, produced: 30, consumed: 30 }])).toBe(0);
  });

  it('is the time since the head stood where the read model stands now', () => {
    const samples = [
      { at: 0, produced: 100, consumed: 100 },
      { at: 1_000, produced: 300, consumed: 150 },
      { at: 2_000, produced: 500, consumed: 280 },
      { at: 3_000, produced: 700, consumed: 290 },
    ];
    expect(timeLagMs(samples)).toBe(2_000);
    expect(timeLagMs(samples.slice(0, 3))).toBe(1_000);
  });

  it('counts from the first sample when the head was already past the read model then', () => {
    expect(timeLagMs([{ at: 5_000, produced: 900, consumed: 100 }, { at: 8_000, produced: 1_200, consumed: 400 }])).toBe(3_000);
  });
});
