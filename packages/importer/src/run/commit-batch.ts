import type { InvalidRow, Row } from '../input/rows.js';
import { saveProgress, type Progress } from '../progress/progress-file.js';
import type { Reject, RejectsFile } from '../progress/rejects-file.js';
import type { Settlement } from '../send/settle-batch.js';

export interface SettledBatch {
  readonly rows: readonly Row[];
  readonly settlements: readonly Settlement[];
}

function rejectOf(entry: InvalidRow | Settlement): Reject | undefined {
  if ('kind' in entry) return { line: entry.line, row: entry.source, reasons: entry.reasons };
  if (entry.status !== 'rejected') return undefined;
  const { row } = entry;
  return { line: row.line, row: row.source, ...(row.fact === row.source ? {} : { fact: row.fact }), reasons: entry.reasons };
}

/**
 * Records a settled batch: rejects first, then the progress that accounts for them. A kill between
 * the two leaves rejects the progress does not count, and the next run cuts them off.
 */
export async function commitBatch(progress: Progress, batch: SettledBatch, rejects: RejectsFile, progressPath: string): Promise<Progress> {
  const invalid = batch.rows.filter((row): row is InvalidRow => row.kind === 'invalid');
  const entries = [...invalid, ...batch.settlements]
    .sort((a, b) => ('kind' in a ? a.index : a.row.index) - ('kind' in b ? b.index : b.row.index))
    .map(rejectOf)
    .filter((entry): entry is Reject => entry !== undefined);
  await rejects.append(entries);
  const count = (status: Settlement['status']) => batch.settlements.filter((settlement) => settlement.status === status).length;
  const next: Progress = {
    ...progress,
    settledRows: progress.settledRows + batch.rows.length,
    rejectsBytes: rejects.bytes,
    counts: {
      ...progress.counts,
      accepted: progress.counts.accepted + count('accepted'),
      duplicates: progress.counts.duplicates + count('duplicate'),
      rejected: progress.counts.rejected + entries.length,
    },
  };
  await saveProgress(progressPath, next);
  return next;
}
