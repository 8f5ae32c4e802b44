import { openSource, type InputFormat } from '../input/open-source.js';
import { fingerprintOf, loadProgress, saveProgress } from '../progress/progress-file.js';
import { openRejects } from '../progress/rejects-file.js';
import type { Reporter } from '../progress/reporter.js';
import { batchSettler } from './batch-settler.js';
import { commitBatch } from './commit-batch.js';
import { chunks, inOrder, skip } from './pipeline.js';
import type { Summary } from './summary.js';
import type { Row } from '../input/rows.js';

export interface ImportOptions {
  readonly input: string;
  readonly format: InputFormat;
  readonly mapping?: string;
  readonly url: string;
  readonly key: string;
  /** The privacy role's key, for erasure requests (see intakeClient). */
  readonly privacyKey?: string;
  readonly batchSize: number;
  readonly concurrency: number;
  readonly maxRetries: number;
  readonly timeoutMs: number;
  readonly progressPath: string;
  readonly rejectsPath: string;
  readonly restart: boolean;
}

export interface ImportResult {
  readonly summary: Summary;
  /** Why the import stopped before every row was settled; the progress file keeps what was done. */
  readonly failure?: unknown;
}

/** The customers a batch's facts name (the subject and any ids merged into it): they order the requests. */
function customersOf(batch: readonly Row[]): string[] {
  return batch.flatMap((row) => {
    if (row.kind !== 'fact' || typeof row.fact !== 'object' || row.fact === null) return [];
    const { customerId, data } = row.fact as { customerId?: unknown; data?: { mergedAwayIds?: unknown } };
    const merged = Array.isArray(data?.mergedAwayIds) ? data.mergedAwayIds : [];
    return [customerId, ...merged].filter((id): id is string => typeof id === 'string');
  });
}

/** Imports the rows an earlier run has not settled, in batches, committing results in file order. */
export async function runImport(options: ImportOptions, reporter: Reporter, signal: AbortSignal): Promise<ImportResult> {
  const startedAt = Date.now();
  const source = await openSource(options.input, options.format, options.mapping);
  const total = await source.count();
  let progress = await loadProgress(options.progressPath, await fingerprintOf(options.input), options.restart);
  const rejects = await openRejects(options.rejectsPath, progress.rejectsBytes);
  const resumedAfter = progress.settledRows;
  let retried = progress.counts.retried;
  const stop = new AbortController();
  const settle = batchSettler(options, reporter, AbortSignal.any([signal, stop.signal]), () => retried++);
  const snapshot = () => ({ done: progress.settledRows, total, doneAtStart: resumedAfter, elapsedMs: Date.now() - startedAt });
  let failure: unknown;
  try {
    await saveProgress(options.progressPath, progress);
    const batches = chunks(skip(source.rows(), resumedAfter), options.batchSize);
    for await (const batch of inOrder(batches, options.concurrency, settle, customersOf)) {
      progress = await commitBatch({ ...progress, counts: { ...progress.counts, retried } }, batch, rejects, options.progressPath);
      reporter.update(snapshot());
    }
  } catch (error) {
    failure = error;
  } finally {
    stop.abort();
    await rejects.close();
  }
  progress = { ...progress, counts: { ...progress.counts, retried } };
  await saveProgress(options.progressPath, progress);
  reporter.finish();
  const summary = { rows: total, settledRows: progress.settledRows, resumedAfter, counts: progress.counts, elapsedMs: Date.now() - startedAt, rejectsPath: options.rejectsPath };
  return failure === undefined ? { summary } : { summary, failure };
}
