import { ContractError } from './errors.js';

export type MinorUnitDigits = 0 | 2 | 3 | 4;

const zeroDigit = new Set([
  'BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'UYI', 'VND', 'VUV', 'XAF', 'XOF', 'XPF',
]);
const threeDigit = new Set(['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND']);
const fourDigit = new Set(['CLF', 'UYW']);

/** ISO 4217 minor-unit digits; every currency not listed as 0, 3 or 4 uses 2. */
export function minorUnitDigits(currency: string): MinorUnitDigits {
  if (zeroDigit.has(currency)) return 0;
  if (threeDigit.has(currency)) return 3;
  if (fourDigit.has(currency)) return 4;
  return 2;
}

/** Whether a decimal string has at most the minor-unit digits of `currency` ('1.234' USD has not). */
export function fitsMinorUnits(amount: string, currency: string): boolean {
  return (amount.split('.')[1] ?? '').length <= minorUnitDigits(currency);
}

/** Exact decimal string for an integer amount in minor units, e.g. (12345, 'CNY') -> '123.45'. */
export function minorUnitsToDecimal(minorUnits: number, currency: string): string {
  if (!Number.isSafeInteger(minorUnits)) {
    throw new ContractError('invalid_event_data', `${minorUnits} is not a whole number of minor units`);
  }
  const digits = minorUnitDigits(currency);
  const magnitude = String(Math.abs(minorUnits)).padStart(digits + 1, '0');
  const whole = magnitude.slice(0, magnitude.length - digits);
  const fraction = magnitude.slice(magnitude.length - digits);
  const sign = minorUnits < 0 ? '-' : '';
  return digits === 0 ? `${sign}${whole}` : `${sign}${whole}.${fraction}`;
}

/** The inverse: an exact decimal string as integer minor units, e.g. ('123.45', 'CNY') -> 12345. */
export function decimalToMinorUnits(amount: string, currency: string): number {
  const digits = minorUnitDigits(currency);
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(amount);
  const fraction = match?.[3] ?? '';
  if (!match || fraction.length > digits) {
    throw new ContractError('invalid_event_data', `${amount} is not an amount of ${currency} with at most ${digits} decimals`);
  }
  const minor = Number(`${match[2]}${fraction.padEnd(digits, '0')}`);
  if (!Number.isSafeInteger(minor)) throw new ContractError('invalid_event_data', `${amount} ${currency} exceeds exact minor units`);
  return match[1] === '-' ? -minor : minor;
}
