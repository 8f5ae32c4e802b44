import { describe, expect, it } from 'vitest';
import { convert } from './conversions.js';

describe('convert', () => {
  it.each([
    ['string', ' as is ', ' as is '],
    ['integer', ' -42 ', -42],
    ['decimal', '1299.50', '1299.50'],
    ['decimal', ' 7 ', '7'],
    ['boolean', 'Yes', true],
    ['boolean', '0', false],
    ['json', '[{"sku":"A","quantity":2}]', [{ sku: 'A', quantity: 2 }]],
    ['datetime', '2026-03-01T10:00:00+08:00', '2026-03-01T10:00:00+08:00'],
    ['datetime', '2026-03-01 10:00z', '2026-03-01T10:00:00Z'],
  ] as const)('%s reads %j', (as, text, value) => {
    expect(convert(text, as)).toEqual({ ok: true, value });
  });

  it.each([
    ['integer', '1.5', '"1.5" is not an integer'],
    ['integer', '12345678901234567890', 'is not an integer'],
    ['decimal', '12,50', 'is not a decimal number'],
    ['boolean', 'maybe', 'is not a boolean'],
    ['json', '{oops', 'not valid JSON'],
    ['datetime', '01/03/2026', 'is not a date-time'],
    ['datetime', '2026-02-30T10:00:00Z', 'is not a real date-time'],
    ['datetime', '2026-03-01T10:00:00', 'has no UTC offset'],
  ] as const)('%s refuses %j', (as, text, message) => {
    const converted = convert(text, as);
    expect(converted.ok).toBe(false);
    expect(converted.ok ? '' : converted.message).toContain(message);
  });

  it('completes a datetime without an offset from the mapping', () => {
    expect(convert('2026-03-01 10:00:00.250', 'datetime', '+08:00')).toEqual({ ok: true, value: '2026-03-01T10:00:00.250+08:00' });
    expect(convert('2026-03-01T10:00:00Z', 'datetime', '+08:00')).toEqual({ ok: true, value: '2026-03-01T10:00:00Z' });
  });
});
