import { decimalToMinorUnits } from '@ctp/contracts';
import { recordMerge, survivorOf, type MergeLinks } from '@ctp/identity';
import { emptyCounts, type Fact, type FactCounts } from '../facts.js';

export interface HistorySummary {
  readonly counts: FactCounts;
  readonly total: number;
  /** Registered customer ids, duplicates included. */
  readonly customers: number;
  readonly mergedAway: number;
  readonly purchases: number;
  readonly refunds: number;
  /** Share of gross revenue (in minor units) refunded. */
  readonly refundedShare: number;
  /** Share of gross revenue from the top 20% of purchasing customers, duplicates folded into survivors. */
  readonly top20RevenueShare: number;
  /** Purchases per local month, YYYY-MM. */
  readonly purchasesByMonth: Readonly<Record<string, number>>;
  readonly busiestDay: { readonly date: string; readonly purchases: number } | null;
}

export function topShare(values: readonly number[], top: number): number {
  const sorted = [...values].sort((a, b) => b - a);
  const total = sorted.reduce((sum, value) => sum + value, 0);
  const head = sorted.slice(0, Math.ceil(sorted.length * top)).reduce((sum, value) => sum + value, 0);
  return total === 0 ? 0 : head / total;
}

function increment(map: Map<string, number>, key: string, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

/** Accumulates the shape of a history fact by fact, so it can watch a stream of any length. */
export function createSummary(): { add(fact: Fact): void; result(): HistorySummary } {
  const counts = emptyCounts();
  const revenue = new Map<string, number>();
  const merges = new Map<string, MergeLinks>();
  const byDay = new Map<string, number>();
  let refundedMinor = 0;
  const add = (fact: Fact): void => {
    counts[fact.type]++;
    if (fact.type === 'PurchaseRecorded') {
      increment(revenue, fact.customerId, decimalToMinorUnits(fact.data.amount, fact.data.currency));
      increment(byDay, fact.occurredAt.slice(0, 10));
    } else if (fact.type === 'PurchaseRefunded') {
      refundedMinor += decimalToMinorUnits(fact.data.amount, fact.data.currency);
    } else if (fact.type === 'CustomersMerged') {
      recordMerge(merges, fact.customerId, fact.data.mergedAwayIds);
    }
  };
  const result = (): HistorySummary => {
    const folded = new Map<string, number>();
    for (const [id, minor] of revenue) increment(folded, survivorOf(merges, id), minor);
    const gross = [...folded.values()].reduce((sum, minor) => sum + minor, 0);
    const byMonth = new Map<string, number>();
    for (const [day, purchases] of byDay) increment(byMonth, day.slice(0, 7), purchases);
    const busiest = [...byDay].reduce<[string, number] | null>((best, entry) => (!best || entry[1] > best[1] ? entry : best), null);
    return {
      counts,
      total: Object.values(counts).reduce((sum, count) => sum + count, 0),
      customers: counts.CustomerRegistered,
      mergedAway: [...merges.values()].filter(({ mergedInto }) => mergedInto !== null).length,
      purchases: counts.PurchaseRecorded,
      refunds: counts.PurchaseRefunded,
      refundedShare: gross === 0 ? 0 : refundedMinor / gross,
      top20RevenueShare: topShare([...folded.values()], 0.2),
      purchasesByMonth: Object.fromEntries([...byMonth].sort(([a], [b]) => a.localeCompare(b))),
      busiestDay: busiest ? { date: busiest[0], purchases: busiest[1] } : null,
    };
  };
  return { add, result };
}
