import type { TierEvent } from '@ctp/contracts';
import { evolve, initialTierState, type TierState } from './state.js';

/** What one customer adds to the tier counts: its computed tier and the override on top (the served tier is the override's, else the computed). */
export interface Standing {
  readonly computed: string | null;
  readonly override: string | null;
}

/** Customers per tier served, per computed tier, and how many are served an override. */
export interface TierCounts {
  readonly served: Readonly<Record<string, number>>;
  readonly computed: Readonly<Record<string, number>>;
  readonly overridden: number;
}

export const noCounts: TierCounts = { served: {}, computed: {}, overridden: 0 };

export function standingOf(state: TierState): Standing {
  return { computed: state.status === 'assigned' ? state.computedTier : null, override: state.override?.tier ?? null };
}

function add(counts: TierCounts, { computed, override }: Standing, sign: 1 | -1): TierCounts {
  const plus = (tiers: Readonly<Record<string, number>>, tier: string | null) => (tier === null ? tiers : { ...tiers, [tier]: (tiers[tier] ?? 0) + sign });
  return { served: plus(counts.served, override ?? computed), computed: plus(counts.computed, computed), overridden: counts.overridden + (override === null ? 0 : sign) };
}

/**
 * What the events at `revisions` of one customer's tier stream change in the counts: for each, its standing after
 * minus its standing before, from the whole stream folded in order. Deltas of one event do not depend on when or in
 * which order other events are counted, so counting each event once, in any order, gives every customer once.
 */
export function countChanges(stream: readonly TierEvent[], revisions: ReadonlySet<number>, counts: TierCounts = noCounts): TierCounts {
  let state = initialTierState;
  let result = counts;
  const last = Math.max(-1, ...revisions);
  for (let revision = 0; revision <= last && revision < stream.length; revision += 1) {
    const next = evolve(state, stream[revision]!);
    if (revisions.has(revision)) result = add(add(result, standingOf(state), -1), standingOf(next), 1);
    state = next;
  }
  return result;
}

export function sumCounts(counts: TierCounts, change: TierCounts): TierCounts {
  const plus = (tiers: Readonly<Record<string, number>>, more: Readonly<Record<string, number>>) => {
    const sum = { ...tiers };
    for (const [tier, count] of Object.entries(more)) sum[tier] = (sum[tier] ?? 0) + count;
    return sum;
  };
  return { served: plus(counts.served, change.served), computed: plus(counts.computed, change.computed), overridden: counts.overridden + change.overridden };
}

/** Tiers whose count is 0 are left out; `total` is every customer served a tier. */
export function publicCounts({ served, computed, overridden }: TierCounts) {
  const nonZero = (tiers: Readonly<Record<string, number>>) => Object.fromEntries(Object.entries(tiers).filter(([, count]) => count !== 0));
  return { served: nonZero(served), computed: nonZero(computed), overridden, total: Object.values(served).reduce((sum, count) => sum + count, 0) };
}

export function isNoChange({ served, computed, overridden }: TierCounts): boolean {
  return overridden === 0 && [...Object.values(served), ...Object.values(computed)].every((count) => count === 0);
}
