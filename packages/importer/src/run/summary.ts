import { formatDuration } from '../progress/format.js';
import type { Counts } from '../progress/progress-file.js';

export interface Summary {
  /** Rows in the input. */
  readonly rows: number;
  readonly settledRows: number;
  /** Rows an earlier run had settled; this run started after them. */
  readonly resumedAfter: number;
  readonly counts: Counts;
  readonly elapsedMs: number;
  readonly rejectsPath: string;
}

export function formatSummary(summary: Summary): string {
  const { counts } = summary;
  const thisRun = summary.settledRows - summary.resumedAfter;
  const rate = summary.elapsedMs > 0 ? Math.round((thisRun * 1000) / summary.elapsedMs) : 0;
  const lines = [
    ['rows read', `${summary.rows}`],
    ...(summary.settledRows < summary.rows ? [['settled', `${summary.settledRows} (the rest is not sent yet; run again to resume)`]] : []),
    ['accepted', `${counts.accepted}`],
    ['duplicates', `${counts.duplicates}`],
    ['rejected', counts.rejected > 0 ? `${counts.rejected} (see ${summary.rejectsPath})` : '0'],
    ['retried', `${counts.retried} request(s)`],
    ['elapsed', `${formatDuration(summary.elapsedMs)}${summary.resumedAfter > 0 ? ` (resumed after row ${summary.resumedAfter})` : ''}`],
    ['rate', `${rate} rows/s`],
  ];
  return `${lines.map(([label, value]) => `${label!.padEnd(11)} ${value}`).join('\n')}\n`;
}
