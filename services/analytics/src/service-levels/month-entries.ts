import type { SlaMetric } from '@ctp/contracts';
import { monthIn, type Month } from '../metrics/period.js';
import type { FoldedCase } from './case-fold.js';
import { outcomeOf, type ClockOutcome } from './compliance.js';
import { caseDimensionOf, caseDimensions, type CaseDimension } from './dimensions.js';
import { atFirstContactOf } from './first-contact.js';

export type CaseDimensions = Readonly<Record<CaseDimension, string | null>>;

/** A case in the month it was opened: what the compliance table and the repeats of first contact need. */
export interface OpenedCase {
  readonly id: string;
  readonly customerId: string;
  readonly openedAt: number;
  readonly dimensions: CaseDimensions;
  /** Its first resolution (ms), or null: where the cases listing finds its first-contact verdict. */
  readonly resolvedAt: number | null;
  /** Its clock cycles in the order of their fact ids (`clockIdOf(id, metric, cycle)`). */
  readonly clocks: readonly { readonly metric: SlaMetric; readonly cycle: number; readonly outcome: ClockOutcome; readonly elapsedMs: number | null }[];
}

/** A case in the month of its first resolution: what the first-contact table needs. */
export interface ResolvedCase {
  readonly id: string;
  readonly customerId: string;
  /** Where its listing row is kept (the month opened). */
  readonly openedAt: number;
  readonly resolvedAt: number;
  readonly dimensions: CaseDimensions;
  readonly atFirstContact: boolean;
  /** elapsedMs of its stopped first_response clocks. */
  readonly waits: readonly number[];
}

export interface CaseEntries {
  readonly opened: { readonly month: Month; readonly entry: OpenedCase } | null;
  readonly resolved: { readonly month: Month; readonly entry: ResolvedCase } | null;
}

/** Where a folded case counts: its opening month's entry, and its first resolution month's (if resolved). */
export function caseEntriesOf({ fact, clocks }: FoldedCase, timeZone: string): CaseEntries {
  if (fact === null) return { opened: null, resolved: null };
  const dimensions = Object.fromEntries(caseDimensions.map((dimension) => [dimension, caseDimensionOf(fact, dimension)])) as CaseDimensions;
  const openedAt = fact.openedAt.getTime();
  const resolvedAt = fact.resolvedAt?.getTime() ?? null;
  const opened = {
    month: monthIn(openedAt, timeZone),
    entry: { id: fact._id, customerId: fact.customerId, openedAt, dimensions, resolvedAt, clocks: clocks.map((clock) => ({ metric: clock.metric, cycle: clock.cycle, outcome: outcomeOf(clock), elapsedMs: clock.elapsedMs })) },
  };
  if (resolvedAt === null) return { opened, resolved: null };
  const waits = clocks.flatMap(({ metric, elapsedMs }) => (metric === 'first_response' && elapsedMs !== null ? [elapsedMs] : []));
  return { opened, resolved: { month: monthIn(resolvedAt, timeZone), entry: { id: fact._id, customerId: fact.customerId, openedAt, resolvedAt, dimensions, atFirstContact: atFirstContactOf(fact), waits } } };
}
