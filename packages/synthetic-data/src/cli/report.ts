import { factTypes } from '../facts.js';
import type { HistorySummary } from '../stats/summary.js';

const percent = (share: number): string => `${(share * 100).toFixed(1)}%`;

/** The closing table: facts per type, then the shape of the history and how long it took. */
export function renderReport(summary: HistorySummary, seconds: number): string {
  const width = Math.max(...factTypes.map((type) => type.length));
  const rows = factTypes.map((type) => `${type.padEnd(width)}  ${String(summary.counts[type]).padStart(10)}`);
  const purchases = Math.max(1, summary.purchases);
  const customers = Math.max(1, summary.customers);
  const busiest = summary.busiestDay ? `${summary.busiestDay.date} (${summary.busiestDay.purchases} purchases)` : '-';
  return [
    ...rows,
    `${'total'.padEnd(width)}  ${String(summary.total).padStart(10)}`,
    '',
    `top 20% of buyers' share of revenue  ${percent(summary.top20RevenueShare)}`,
    `refunds per purchase                 ${percent(summary.refunds / purchases)} (${percent(summary.refundedShare)} of revenue)`,
    `ids merged away                      ${percent(summary.mergedAway / customers)} of ${summary.customers} registered`,
    `busiest day                          ${busiest}`,
    `generated in                         ${seconds.toFixed(1)} s (${Math.round(summary.total / Math.max(seconds, 1e-3))} facts/s)`,
    '',
  ].join('\n');
}
