import { describe, expect, it } from 'vitest';
import { rowNames, selectedRows } from './select.js';

describe('row selection', () => {
  it('runs every row without --only', () => {
    const selection = selectedRows([]);
    expect(selection.all).toBe(true);
    expect(selection.names).toEqual(rowNames);
  });

  it('takes --only from the arguments (with or without a bare --) or from BENCH_ONLY', () => {
    expect(selectedRows(['--', '--only', 'intake']).names).toEqual(['intake']);
    expect(selectedRows(['--only=relay,append']).names).toEqual(['append', 'relay']);
    expect(selectedRows([], 'e2e').has('e2e')).toBe(true);
    expect(selectedRows([], 'e2e').has('append')).toBe(false);
    expect(selectedRows([], 'e2e').all).toBe(false);
  });

  it('refuses unknown rows and arguments', () => {
    expect(() => selectedRows(['--only', 'intak'])).toThrow(/unknown row intak/);
    expect(() => selectedRows(['--fast'])).toThrow(/unknown argument/);
  });
});
