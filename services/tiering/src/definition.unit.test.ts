import { describe, expect, it } from 'vitest';
import { serviceDefinition } from './definition.js';

describe('given the tiering settings', () => {
  const timeZone = serviceDefinition.configSchema.shape.BUSINESS_TIME_ZONE;

  it('when BUSINESS_TIME_ZONE is not set then business dates are Asia/Shanghai ones', () => {
    expect(timeZone.parse(undefined)).toBe('Asia/Shanghai');
  });

  it('when it names an IANA zone then it is taken, and anything else is refused', () => {
    expect(timeZone.parse('Europe/Berlin')).toBe('Europe/Berlin');
    expect(timeZone.safeParse('Asia/Beijing').error?.issues[0]?.message).toBe('expected an IANA time zone, e.g. Asia/Shanghai');
  });
});
