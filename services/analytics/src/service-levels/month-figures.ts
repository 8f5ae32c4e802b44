import type { SlaMetric } from '@ctp/contracts';
import { sumTallies, tallyOfClock, type ComplianceTally } from './compliance.js';
import { caseDimensions } from './dimensions.js';
import { assessSolved, sumSolvedTallies, tallyOfSolved, type FirstContactTally } from './first-contact.js';
import type { CaseDimensions, OpenedCase, ResolvedCase } from './month-entries.js';

/** The clocks of a month's cases of one set of dimensions and one metric, counted. */
export type ComplianceCellOfMonth = { readonly dimensions: CaseDimensions; readonly metric: SlaMetric } & ComplianceTally;
/** The cases of one set of dimensions first resolved in a month, counted. */
export type SolvedCellOfMonth = { readonly dimensions: CaseDimensions } & FirstContactTally;

/** What the routes read of a month: compact, a few hundred cells at most, whatever the number of cases. */
export interface MonthFigures {
  readonly compliance: readonly ComplianceCellOfMonth[];
  readonly firstContact: readonly SolvedCellOfMonth[];
}

const keyOf = (dimensions: CaseDimensions, ...more: string[]) => JSON.stringify([...caseDimensions.map((dimension) => dimensions[dimension]), ...more]);
const ascending = (values: readonly number[]) => [...values].sort((a, b) => a - b);

/**
 * A month's figures from its entries: the clocks of the cases opened in it per dimensions and metric; the cases
 * first resolved in it per dimensions, each assessed against `openings` (the cases opened in the month and the
 * next: a repeat comes within 7 days of the resolution).
 */
export function monthFiguresOf(opened: Iterable<OpenedCase>, resolved: Iterable<ResolvedCase>, openings: Iterable<OpenedCase>): MonthFigures {
  const compliance = new Map<string, { dimensions: CaseDimensions; metric: SlaMetric; tallies: ComplianceTally[] }>();
  for (const { dimensions, clocks } of opened) {
    for (const { metric, outcome, elapsedMs } of clocks) {
      const key = keyOf(dimensions, metric);
      const cell = compliance.get(key) ?? compliance.set(key, { dimensions, metric, tallies: [] }).get(key)!;
      cell.tallies.push(tallyOfClock(outcome, elapsedMs));
    }
  }
  const byCustomer = new Map<string, OpenedCase[]>();
  for (const opening of openings) byCustomer.set(opening.customerId, [...(byCustomer.get(opening.customerId) ?? []), opening]);
  const solved = new Map<string, { dimensions: CaseDimensions; tallies: FirstContactTally[] }>();
  for (const entry of resolved) {
    const key = keyOf(entry.dimensions);
    const cell = solved.get(key) ?? solved.set(key, { dimensions: entry.dimensions, tallies: [] }).get(key)!;
    // `now` only decides windowOpen, which the routes count from `resolvedAt` at request time.
    cell.tallies.push(tallyOfSolved(assessSolved(entry, byCustomer.get(entry.customerId) ?? [], new Date(0)), entry.resolvedAt, entry.waits));
  }
  const inKeyOrder = <T>(cells: Map<string, T>) => [...cells.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, cell]) => cell);
  return {
    compliance: inKeyOrder(compliance).map(({ dimensions, metric, tallies }) => {
      const sum = sumTallies(tallies);
      return { dimensions, metric, ...sum, elapsed: ascending(sum.elapsed) };
    }),
    firstContact: inKeyOrder(solved).map(({ dimensions, tallies }) => {
      const sum = sumSolvedTallies(tallies);
      return { dimensions, ...sum, resolvedAt: ascending(sum.resolvedAt), waits: ascending(sum.waits) };
    }),
  };
}
