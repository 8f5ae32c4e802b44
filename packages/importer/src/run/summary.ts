import { formatDuration } from '../progress/format.js';
import type { Counts } from '../progress/progress-file.js';
import type { ReadModelsAnswer } from '../send/read-models-client.js';

export interface Summary {
  /** Rows in the input. */
  readonly rows: number;
  readonly settledRows: number;
  /** Rows an earlier run had settled; this run started after them. */
  readonly resumedAfter: number;
  readonly counts: Counts;
  readonly elapsedMs: number;
  readonly rejectsPath: string;
  /** Intake's read models when the import ended. */
  readonly readModels?: ReadModelsAnswer;
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
    ...readModelLines(summary.readModels),
  ];
  return `${lines.map(([label, value]) => `${label!.padEnd(11)} ${value}`).join('\n')}\n`;
}

function readModelLines(answer: ReadModelsAnswer | undefined): string[][] {
  if (answer === undefined) return [];
  if (answer.kind === 'unknown') return [['read models', `unknown (${answer.reason})`]];
  return answer.readModels.map((model, index) => {
    const rate = model.eventsPerSecond === null ? '' : `, ${model.eventsPerSecond.toLocaleString('en')} events/s`;
    const state = model.lagEvents === 0 ? 'caught up' : `${model.lagEvents.toLocaleString('en')} events behind${rate}`;
    return [index === 0 ? 'read models' : '', `${model.name}: ${state}`];
  });
}
