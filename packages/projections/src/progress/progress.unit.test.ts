import { describe, expect, it } from 'vitest';
import { lagOf } from './lag.js';
import type { PartitionProgress } from './partition-progress.js';
import { hasPassed } from './wait-rule.js';

const partition = (overrides: Partial<PartitionProgress>): PartitionProgress => ({
  topic: 't',
  partition: 0,
  lowWatermark: '0',
  highWatermark: '10',
  committedOffset: null,
  nextOffset: null,
  lastAppliedPosition: null,
  updatedAt: null,
  ...overrides,
});

describe('lag', () => {
  it('counts the messages after the committed offset', () => {
    expect(lagOf(partition({ committedOffset: '7', lastAppliedPosition: '70' }))).toMatchObject({ committedOffset: '7', highWatermark: '10', lag: 3, lastAppliedPosition: '70' });
    expect(lagOf(partition({ committedOffset: '10' })).lag).toBe(0);
  });

  it('counts from the low watermark when nothing was committed or retention dropped the committed offset', () => {
    expect(lagOf(partition({ lowWatermark: '4' })).lag).toBe(6);
    expect(lagOf(partition({ lowWatermark: '4', committedOffset: '2' })).lag).toBe(6);
  });
});

describe('the wait rule', () => {
  const caughtUp = partition({ nextOffset: '10', lastAppliedPosition: '40' });
  const behind = partition({ partition: 1, nextOffset: '8', lastAppliedPosition: '60' });

  it('never passes a position the relay has not published yet', () => {
    expect(hasPassed('50', null, [caughtUp])).toBe(false);
    expect(hasPassed('50', '49', [caughtUp])).toBe(false);
  });

  it('passes when each partition has applied the position or consumed all it holds', () => {
    expect(hasPassed('50', '50', [caughtUp, behind])).toBe(true);
    expect(hasPassed('60', '90', [caughtUp, behind])).toBe(true);
  });

  it('waits for a partition that is behind and has not reached the position', () => {
    expect(hasPassed('61', '90', [caughtUp, behind])).toBe(false);
  });

  it('treats an empty partition as caught up and an unconsumed one as behind', () => {
    expect(hasPassed('5', '5', [partition({ highWatermark: '0' })])).toBe(true);
    expect(hasPassed('5', '5', [partition({ lowWatermark: '3', highWatermark: '3' })])).toBe(true);
    expect(hasPassed('5', '5', [partition({})])).toBe(false);
    expect(hasPassed('5', '5', [partition({ committedOffset: '10' })])).toBe(true);
  });

  it('compares positions as numbers, not strings', () => {
    expect(hasPassed('100', '100', [partition({ lastAppliedPosition: '99' })])).toBe(false);
    expect(hasPassed('99', '100', [partition({ lastAppliedPosition: '100' })])).toBe(true);
  });
});
