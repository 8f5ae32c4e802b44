import { z } from 'zod';
import { ContractError } from './errors.js';

const MAX_POSITION = 2n ** 64n - 1n;

/**
 * A global position is a canonical unsigned decimal string (no sign, no leading zeros), so it is
 * exact beyond 2^53, survives JSON, Kafka headers and query strings unchanged, and two positions
 * are equal exactly when their strings are. Compare with compareGlobalPositions, never with < on
 * strings.
 */
export type GlobalPosition = string;

/**
 * The canonical decimals of 0..max as one regular expression, so the published pattern alone says
 * which positions are valid: shorter numbers, then for each digit of max a number equal to max up
 * to that digit and smaller in it, then max itself.
 */
function canonicalDecimalsUpTo(max: bigint): RegExp {
  const digits = max.toString();
  const sameLength = [...digits].flatMap((digit, i) => {
    const lowest = i === 0 ? 1 : 0;
    const highest = Number(digit) - 1;
    if (highest < lowest) return [];
    const rest = digits.length - i - 1;
    const range = highest === lowest ? String(lowest) : `[${lowest}-${highest}]`;
    return [`${digits.slice(0, i)}${range}${rest > 1 ? `\\d{${rest}}` : rest === 1 ? '\\d' : ''}`];
  });
  return new RegExp(`^(0|[1-9]\\d{0,${digits.length - 2}}|${[...sameLength, digits].join('|')})$`);
}

export const globalPositionSchema = z
  .string()
  .regex(canonicalDecimalsUpTo(MAX_POSITION), 'expected a canonical unsigned decimal <= 2^64 - 1')
  .meta({ title: 'GlobalPosition' });

export function toGlobalPosition(value: bigint | number | string): GlobalPosition {
  const text = typeof value === 'string' ? value : String(value);
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    throw new ContractError('invalid_global_position', `global position ${text} is not a safe integer`);
  }
  const parsed = globalPositionSchema.safeParse(text);
  if (!parsed.success) {
    throw new ContractError(
      'invalid_global_position',
      `global position ${JSON.stringify(text)} is not a canonical unsigned decimal`,
    );
  }
  return parsed.data;
}

export function globalPositionToBigInt(position: GlobalPosition): bigint {
  return BigInt(toGlobalPosition(position));
}

export function compareGlobalPositions(a: GlobalPosition, b: GlobalPosition): -1 | 0 | 1 {
  const left = globalPositionToBigInt(a);
  const right = globalPositionToBigInt(b);
  return left < right ? -1 : left > right ? 1 : 0;
}
