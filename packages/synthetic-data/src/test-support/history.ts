import type { Fact } from '../facts.js';
import { generateHistory } from '../generate-history.js';
import type { HistoryOptions } from '../options.js';

export const baseOptions: HistoryOptions = { seed: 42, customers: 2000, from: '2025-01-01', to: '2026-01-01' };

const cache = new Map<string, readonly Fact[]>();

/** A generated history, kept per options so the tests of one file share it. */
export function history(overrides: Partial<HistoryOptions> = {}): readonly Fact[] {
  const options = { ...baseOptions, ...overrides };
  const key = JSON.stringify(options);
  let facts = cache.get(key);
  if (!facts) {
    facts = [...generateHistory(options)];
    cache.set(key, facts);
  }
  return facts;
}

export function instant(fact: Fact): number {
  return Date.parse(fact.occurredAt);
}
