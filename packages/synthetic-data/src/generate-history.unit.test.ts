import { describe, expect, it } from 'vitest';
import { factTypes } from './facts.js';
import { generateHistory } from './generate-history.js';
import { baseOptions, history } from './test-support/history.js';

const text = (options: Parameters<typeof generateHistory>[0]): string =>
  [...generateHistory(options)].map((fact) => JSON.stringify(fact)).join('\n');

describe('generateHistory', () => {
  it('is byte-identical for the same seed and options', () => {
    const options = { ...baseOptions, customers: 300 };
    expect(text(options)).toBe(text(options));
  });

  it('differs for another seed, a string seed or another time zone', () => {
    const options = { ...baseOptions, customers: 50 };
    const base = text(options);
    expect(text({ ...options, seed: 43 })).not.toBe(base);
    expect(text({ ...options, seed: '42x' })).not.toBe(base);
    expect(text({ ...options, timeZone: 'Europe/Berlin' })).not.toBe(base);
  });

  it('yields lazily: the first fact comes without simulating the whole history', () => {
    const first = generateHistory({ ...baseOptions, customers: 50_000 }).next();
    expect(first.done).toBe(false);
    expect(first.value?.type).toBe('CustomerRegistered');
  });

  it('emits every fact type intake accepts, with unique event ids', () => {
    const facts = history();
    expect(new Set(facts.map((fact) => fact.type))).toEqual(new Set(factTypes));
    expect(new Set(facts.map((fact) => fact.id)).size).toBe(facts.length);
  });

  it('keeps a customer count of zero empty and a short window valid', () => {
    expect([...generateHistory({ ...baseOptions, customers: 0 })]).toEqual([]);
    const week = [...generateHistory({ ...baseOptions, customers: 200, from: '2025-11-08', to: '2025-11-15' })];
    expect(week.every((fact) => fact.occurredAt >= '2025-11-08' && fact.occurredAt < '2025-11-15')).toBe(true);
  });

  it('rejects options it cannot honour', () => {
    const first = (overrides: object) => () => generateHistory({ ...baseOptions, ...overrides }).next();
    expect(first({ customers: -1 })).toThrow('customers');
    expect(first({ to: '2024-12-31' })).toThrow('at least one day');
    expect(first({ refundRate: 2 })).toThrow('refundRate');
    expect(first({ currency: 'yuan' })).toThrow('currency');
    expect(first({ timeZone: 'Nowhere/Special' })).toThrow('unknown time zone');
    expect(first({ from: '2025-02-30' })).toThrow('not a calendar date');
    expect(first({ to: '2026-1-1' })).toThrow('not a calendar date');
  });
});
