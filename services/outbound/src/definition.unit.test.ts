import { describe, expect, it } from 'vitest';
import { serviceDefinition } from './definition.js';

describe('given the settings of messages to customers', () => {
  const { MESSAGE_QUIET_HOURS: quiet, MESSAGE_TIME_ZONE: timeZone, MESSAGE_FREQUENCY_CAP: cap, MESSAGE_SURVEY_FREQUENCY_CAP: surveyCap } = serviceDefinition.configSchema.shape;

  it('when none is set then nights from 21:00 to 09:00 in Asia/Shanghai are quiet, marketing is capped at 3 in 30 days and invitations are not', () => {
    expect(quiet.parse(undefined)).toEqual({ fromMinute: 1260, toMinute: 540 });
    expect(timeZone.parse(undefined)).toBe('Asia/Shanghai');
    expect(cap.parse(undefined)).toEqual({ max: 3, windowMs: 30 * 86_400_000 });
    expect(surveyCap.parse(undefined)).toBeNull();
  });

  it('when set they are read, off turns one off, and anything else is refused saying what is expected', () => {
    expect(quiet.parse('22:30-07:00')).toEqual({ fromMinute: 1350, toMinute: 420 });
    expect(quiet.parse('off')).toBeNull();
    expect(surveyCap.parse('1/7d')).toEqual({ max: 1, windowMs: 7 * 86_400_000 });
    expect(quiet.safeParse('night').error?.issues[0]?.message).toBe('expected HH:MM-HH:MM, e.g. 21:00-09:00, or off');
    expect(cap.safeParse('3 a month').error?.issues[0]?.message).toMatch(/^expected <count>\/<window>/);
    expect(timeZone.safeParse('Asia/Beijing').success).toBe(false);
  });
});
