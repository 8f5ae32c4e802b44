import { describe, expect, it } from 'vitest';
import { getAtPath, setAtPath } from './field-path.js';

const data = { customerId: 'C-1', address: { line1: '88 Century Avenue', country: 'CN' }, note: null };

describe('field paths', () => {
  it('reads nested values and undefined for missing steps', () => {
    expect(getAtPath(data, 'address.line1')).toBe('88 Century Avenue');
    expect(getAtPath(data, 'note')).toBeNull();
    expect(getAtPath(data, 'address.line2')).toBeUndefined();
    expect(getAtPath(data, 'customerId.length')).toBeUndefined();
    expect(getAtPath(data, 'toString')).toBeUndefined();
  });

  it('sets a nested value on a copy', () => {
    const updated = setAtPath(data, 'address.line1', 'cipher');
    expect(updated.address.line1).toBe('cipher');
    expect(data.address.line1).toBe('88 Century Avenue');
    expect(updated.address.country).toBe('CN');
  });

  it('refuses to set below a missing or non-object parent', () => {
    expect(() => setAtPath(data, 'phone.number', 'x')).toThrow(/phone is not an object/);
    expect(() => setAtPath(data, 'note.text', 'x')).toThrow(/note is not an object/);
  });

  it('rejects malformed paths', () => {
    expect(() => getAtPath(data, 'address..line1')).toThrow(/not a dot-separated field path/);
    expect(() => getAtPath(data, 'lines[0].sku')).toThrow(/not a dot-separated field path/);
  });
});
