import { drillLink } from '../metrics/drill.js';
import { ratio } from '../metrics/ratios.js';
import type { MetricTable } from '../metrics/table.js';
import type { Buyer } from './buyers.js';
import type { RepeatCounts } from './retention-month-reads.js';
import { countWithin, type Interval } from './retention-states.js';
import { customersPath, type PurchaseWindow, type Span } from './retention-windows.js';

/** Per span: buyers with 1+ purchases in its window, repeaters with 2+; rate = repeaters / buyers. Refunded purchases count. */
export function repeatPurchaseTable(buyers: readonly Buyer[], spans: readonly Span[], windowName: PurchaseWindow, windowFor: (span: Span) => Interval): MetricTable {
  return repeatPurchaseTableOf(spans, windowName, spans.map((span) => repeatCountsOf(buyers, windowFor(span))));
}

/** A window's buyers and repeaters, each buyer's purchases read. */
export function repeatCountsOf(buyers: readonly Buyer[], window: Interval): RepeatCounts {
  const counts = buyers.map(({ purchases }) => countWithin(purchases, window));
  return { repeaters: counts.filter((count) => count >= 2).length, buyers: counts.filter((count) => count >= 1).length };
}

/** The table of the spans' windows' counts (`counts[i]` those of `spans[i]`'s window). */
export function repeatPurchaseTableOf(spans: readonly Span[], windowName: PurchaseWindow, windowCounts: readonly RepeatCounts[]): MetricTable {
  const rows = spans.map((span, index) => {
    const rate = ratio(windowCounts[index]!.repeaters, windowCounts[index]!.buyers);
    const filters = { ...span.months, ...(span.month === undefined ? {} : { window: windowName }) };
    return {
      ...(span.month === undefined ? {} : { month: span.month, window: windowName }),
      repeaters: rate.numerator, buyers: rate.denominator, repeatPurchase: rate.value,
      drill: drillLink(customersPath, { state: 'repeat', ...filters }), drillSingle: drillLink(customersPath, { state: 'single', ...filters }),
    };
  });
  const byMonth = spans.some(({ month }) => month !== undefined);
  return { columns: [...(byMonth ? ['month', 'window'] : []), 'repeaters', 'buyers', 'repeatPurchase', 'drill', 'drillSingle'], rows };
}
