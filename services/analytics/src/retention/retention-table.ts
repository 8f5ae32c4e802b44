import { drillLink } from '../metrics/drill.js';
import { ratio } from '../metrics/ratios.js';
import type { MetricTable } from '../metrics/table.js';
import type { Buyer } from './buyers.js';
import type { RetentionCounts } from './retention-month-reads.js';
import { isActiveAt, type Interval } from './retention-states.js';
import { customersPath, type Span } from './retention-windows.js';

/**
 * Per span (a month, or the period), as `retentionStates` decides them for the listing: S active at its start, E active at its end, N new (first purchase
 * ever in it), lost (active at the start, not at the end); retention = (E - N) / S, churn = lost / S.
 */
export function retentionTable(buyers: readonly Buyer[], spans: readonly Span[], activeDays: number): MetricTable {
  return retentionTableOf(spans, activeDays, spans.map((span) => retentionCountsOf(buyers, span, activeDays)));
}

/** A span's counts, each buyer's purchases read. */
export function retentionCountsOf(buyers: readonly Buyer[], span: Interval, activeDays: number): RetentionCounts {
  const counts = { start: 0, end: 0, new: 0, lost: 0 };
  for (const { purchases } of buyers) {
    const [start, end, first] = [isActiveAt(purchases, span.startMs, activeDays), isActiveAt(purchases, span.endMs, activeDays), purchases[0]?.at];
    counts.start += start ? 1 : 0;
    counts.end += end ? 1 : 0;
    counts.new += first !== undefined && first >= span.startMs && first < span.endMs ? 1 : 0;
    counts.lost += start && !end ? 1 : 0;
  }
  return counts;
}

/** The table of the spans' counts (`counts[i]` those of `spans[i]`). */
export function retentionTableOf(spans: readonly Span[], activeDays: number, spanCounts: readonly RetentionCounts[]): MetricTable {
  const rows = spans.map((span, index) => {
    const counts = spanCounts[index]!;
    const retention = ratio(counts.end - counts.new, counts.start);
    const churn = ratio(counts.lost, counts.start);
    const drill = (state: string) => drillLink(customersPath, { state, activeDays, ...span.months });
    return {
      ...(span.month === undefined ? {} : { month: span.month }),
      activeAtStart: counts.start, activeAtEnd: counts.end, new: counts.new, lost: counts.lost,
      endMinusNew: retention.numerator, retention: retention.value, churn: churn.value,
      drill: drill('start'), drillEnd: drill('end'), drillNew: drill('new'), drillLost: drill('lost'),
    };
  });
  const byMonth = spans.some(({ month }) => month !== undefined);
  return { columns: [...(byMonth ? ['month'] : []), 'activeAtStart', 'activeAtEnd', 'new', 'lost', 'endMinusNew', 'retention', 'churn', 'drill', 'drillEnd', 'drillNew', 'drillLost'], rows };
}
