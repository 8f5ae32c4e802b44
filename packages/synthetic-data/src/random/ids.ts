import type { Rng } from './prng.js';

const hex = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
const base32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function bytes(word: number): string {
  return hex[word >>> 24]! + hex[(word >>> 16) & 0xff]! + hex[(word >>> 8) & 0xff]! + hex[word & 0xff]!;
}

/** A UUID in version 4 format drawn from the seeded generator (not cryptographically random). */
export function seededUuid(rng: Rng): string {
  const a = bytes(rng.uint32());
  const b = bytes((rng.uint32() & 0xffff0fff) | 0x00004000);
  const c = bytes((rng.uint32() & 0x3fffffff) | 0x80000000);
  const d = bytes(rng.uint32());
  return `${a}-${b.slice(0, 4)}-${b.slice(4)}-${c.slice(0, 4)}-${c.slice(4)}${d}`;
}

/** `length` Crockford base-32 characters, 5 random bits each. */
export function seededCode(rng: Rng, length: number): string {
  let code = '';
  for (let i = 0; i < length; i++) code += base32[rng.uint32() >>> 27];
  return code;
}

/** `length` decimal digits, leading zeros kept. */
export function seededDigits(rng: Rng, length: number): string {
  let digits = '';
  for (let i = 0; i < length; i++) digits += Math.floor(rng.float() * 10);
  return digits;
}
