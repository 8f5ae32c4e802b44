import { describe, expect, it } from 'vitest';
import { ContractError } from './errors.js';
import { z } from 'zod';
import { compareGlobalPositions, globalPositionSchema, globalPositionToBigInt, toGlobalPosition } from './position.js';

describe('global position', () => {
  it('keeps positions beyond 2^53 exact', () => {
    const position = toGlobalPosition(2n ** 53n + 1n);
    expect(position).toBe('9007199254740993');
    expect(globalPositionToBigInt(position)).toBe(2n ** 53n + 1n);
  });

  it('accepts the largest unsigned 64-bit position', () => {
    expect(toGlobalPosition('18446744073709551615')).toBe('18446744073709551615');
  });

  it.each(['', '01', '-1', '1e3', ' 1', '18446744073709551616'])('rejects %j', (value) => {
    expect(() => toGlobalPosition(value)).toThrow(ContractError);
  });

  it.each(['0', '7', '9223372036854775807', '9999999999999999999', '10000000000000000000', '18446744073709551609', '18446744073709551615', '18446744073709551616', '18446744073709551620', '18446744083709551615', '19000000000000000000', '99999999999999999999', '100000000000000000000', '01', '-1'])(
    'publishes a pattern that agrees with the validator on %s',
    (value) => {
      const { pattern } = z.toJSONSchema(globalPositionSchema) as { pattern: string };
      const accepted = globalPositionSchema.safeParse(value).success;
      expect(new RegExp(pattern, 'u').test(value)).toBe(accepted);
      expect(accepted).toBe(/^(0|[1-9]\d*)$/.test(value) && BigInt(value) <= 2n ** 64n - 1n);
    },
  );

  it('rejects numbers that are not safe integers', () => {
    expect(() => toGlobalPosition(2 ** 53)).toThrow(/not a safe integer/);
    expect(() => toGlobalPosition(1.5)).toThrow(/not a safe integer/);
  });

  it('compares numerically, not as text', () => {
    expect(compareGlobalPositions('10', '9')).toBe(1);
    expect(compareGlobalPositions('9007199254740992', '9007199254740993')).toBe(-1);
    expect(compareGlobalPositions('42', '42')).toBe(0);
  });
});
