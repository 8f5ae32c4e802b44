import { describe, expect, it } from 'vitest';
import { durationOf, parseDuration } from './durations.js';
import { hours, minutes } from './test-support/calendars.js';

describe('given a duration as text', () => {
  it('when it is an ISO 8601 time duration then it is business time', () => {
    expect(durationOf('PT2H')).toEqual({ basis: 'business', ms: hours(2) });
    expect(durationOf('PT30M')).toEqual({ basis: 'business', ms: minutes(30) });
    expect(durationOf('PT1H30M15S')).toEqual({ basis: 'business', ms: hours(1.5) + 15_000 });
    expect(durationOf('PT0S')).toEqual({ basis: 'business', ms: 0 });
  });

  it('when it is N working days then it counts working days', () => {
    expect(durationOf('3 working days')).toEqual({ basis: 'workingDays', days: 3 });
    expect(durationOf('1 working day')).toEqual({ basis: 'workingDays', days: 1 });
    expect(durationOf('0 working days')).toEqual({ basis: 'workingDays', days: 0 });
  });

  it('when it is calendar time then weeks and days are 7 × 24 and 24 hours', () => {
    expect(durationOf('P1D', 'calendar')).toEqual({ basis: 'calendar', ms: hours(24) });
    expect(durationOf('P1W2DT3H', 'calendar')).toEqual({ basis: 'calendar', ms: hours(7 * 24 + 48 + 3) });
  });

  it('when business time names days then it is refused with the way to say it', () => {
    expect(parseDuration('P1D')).toEqual({ ok: false, message: 'P1D: business time is counted in hours, minutes and seconds (e.g. PT16H); write days as "N working days"' });
  });

  it('when it is not a duration then the reason is given', () => {
    for (const text of ['', 'P', 'PT', 'PT5', 'P1Y', 'P1M', 'PT1.5H', '2h', 'three working days', '-PT1H']) {
      expect(parseDuration(text)).toMatchObject({ ok: false, message: expect.stringContaining('is neither') });
    }
    expect(() => durationOf('soon')).toThrow(RangeError);
  });
});
