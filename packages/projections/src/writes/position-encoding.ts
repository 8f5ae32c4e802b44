import { toGlobalPosition, type GlobalPosition } from '@ctp/contracts';

/**
 * Positions are stored as 20-digit zero-padded decimal strings: 2^64 - 1 has 20 digits, so every
 * position fits (a NumberLong stops at 2^63 - 1), and strings of equal length compare in numeric
 * order as plain byte strings on MongoDB and FerretDB alike ($lt, $gte, $max, sort).
 */
export const encodedPositionLength = 20;

export function encodePosition(position: GlobalPosition): string {
  return toGlobalPosition(position).padStart(encodedPositionLength, '0');
}

export function decodePosition(stored: string): GlobalPosition {
  if (stored.length !== encodedPositionLength || !/^\d+$/.test(stored)) {
    throw new Error(`${JSON.stringify(stored)} is not a stored position (${encodedPositionLength} digits)`);
  }
  return toGlobalPosition(stored.replace(/^0+(?=\d)/, ''));
}
