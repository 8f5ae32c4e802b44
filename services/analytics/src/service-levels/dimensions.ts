import { monthIn } from '../metrics/period.js';
import type { CaseFact } from './facts.js';

/** The case's dimensions both figures group and filter by; `tier` is the tier at start, `month` the month opened. */
export const caseDimensions = ['tier', 'channel', 'type', 'priority', 'team'] as const;
export type CaseDimension = (typeof caseDimensions)[number];

export function caseDimensionOf(fact: CaseFact, dimension: CaseDimension): string | null {
  switch (dimension) {
    case 'tier':
      return fact.tierAtStart ?? null;
    case 'team':
      return fact.team ?? null;
    default:
      return fact[dimension];
  }
}

export const openedMonthOf = (fact: CaseFact, timeZone: string) => monthIn(fact.openedAt.getTime(), timeZone);

/** A filter's value: `none` selects facts without one. */
export function matchesFilter(value: string | null, filter: string | undefined): boolean {
  return filter === undefined || (filter === 'none' ? value === null : value === filter);
}

export function matchesCaseFilters(fact: CaseFact, filters: Partial<Record<CaseDimension, string>>): boolean {
  return caseDimensions.every((dimension) => matchesFilter(caseDimensionOf(fact, dimension), filters[dimension]));
}
