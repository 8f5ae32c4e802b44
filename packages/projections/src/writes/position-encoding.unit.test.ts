import { describe, expect, it } from 'vitest';
import { decodePosition, encodePosition } from './position-encoding.js';

describe('stored positions', () => {
  it('pad to 20 digits and decode back to canonical positions', () => {
    expect(encodePosition('0')).toBe('00000000000000000000');
    expect(encodePosition('9007199254740993')).toBe('00009007199254740993');
    expect(encodePosition('18446744073709551615')).toBe('18446744073709551615');
    expect(decodePosition('00009007199254740993')).toBe('9007199254740993');
    expect(decodePosition('00000000000000000000')).toBe('0');
  });

  it('sort as strings exactly as the positions sort as numbers', () => {
    const positions = ['10', '9', '100', '18446744073709551615', '0', '9007199254740993', '9007199254740992'];
    const byString = positions.map(encodePosition).sort();
    const byNumber = [...positions].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1)).map(encodePosition);
    expect(byString).toEqual(byNumber);
  });

  it('refuses what is not a position', () => {
    expect(() => encodePosition('-1')).toThrow();
    expect(() => encodePosition('18446744073709551616')).toThrow();
    expect(() => decodePosition('12')).toThrow(/20 digits/);
  });
});
