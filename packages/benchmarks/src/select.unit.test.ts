import { describe, expect, it } from 'vitest';
import { fullRunRows, selectedRows } from './select.js';

describe('row selection', () => {
  it('runs every row but tiering without --only', () => {
    const selection = selectedRows([]);
    expect(selection.all).toBe(true);
    expect(selection.names).toEqual(fullRunRows);
    expect(selection.has('append')).toBe(true);
    expect(selection.has('size')).toBe(true);
    expect(selection.has('tiering')).toBe(false);
  });

  it('runs tiering, timers, reads and dashboard only when named', () => {
    expect(selectedRows(['--only', 'tiering']).names).toEqual(['tiering']);
    expect(selectedRows(['--only', 'tiering,intake']).names).toEqual(['intake', 'tiering']);
    expect(selectedRows([]).has('timers')).toBe(false);
    expect(selectedRows(['--only', 'timers']).names).toEqual(['timers']);
    expect(selectedRows([]).has('reads')).toBe(false);
    expect(selectedRows(['--only', 'reads,tiering']).names).toEqual(['tiering', 'reads']);
    expect(selectedRows([]).has('dashboard')).toBe(false);
    expect(selectedRows(['--only', 'dashboard']).names).toEqual(['dashboard']);
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
