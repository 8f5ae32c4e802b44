import { describe, expect, it } from 'vitest';
import { decimalToMinorUnits, minorUnitDigits, minorUnitsToDecimal } from './currency.js';

describe('minor units', () => {
  it('knows the ISO 4217 exponents that are not 2', () => {
    expect([minorUnitDigits('CNY'), minorUnitDigits('JPY'), minorUnitDigits('KWD'), minorUnitDigits('CLF')]).toEqual([2, 0, 3, 4]);
  });

  it.each([
    [12345, 'CNY', '123.45'],
    [5, 'CNY', '0.05'],
    [0, 'USD', '0.00'],
    [-250, 'EUR', '-2.50'],
    [1500, 'JPY', '1500'],
    [1234, 'KWD', '1.234'],
    [9007199254740991, 'CNY', '90071992547409.91'],
  ])('%d %s is %s', (minor, currency, decimal) => {
    expect(minorUnitsToDecimal(minor, currency)).toBe(decimal);
    expect(decimalToMinorUnits(decimal, currency)).toBe(minor);
  });

  it('reads short fractions and refuses too many decimals', () => {
    expect(decimalToMinorUnits('12.5', 'CNY')).toBe(1250);
    expect(() => decimalToMinorUnits('1.001', 'CNY')).toThrow(/at most 2 decimals/);
    expect(() => decimalToMinorUnits('1e3', 'CNY')).toThrow(/not an amount/);
  });

  it('refuses fractional minor units', () => {
    expect(() => minorUnitsToDecimal(12.5, 'CNY')).toThrow(/not a whole number/);
  });
});
