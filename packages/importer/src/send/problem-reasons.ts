import type { Reason } from '../input/rows.js';
import type { Problem } from './intake-client.js';

const factPath = /^body\.events\[(\d+)\]\.?/;

/**
 * The rows a refusal names, by position in the batch, with reasons whose paths are relative to
 * the fact (`data.amount`). Schema errors name a row only through their path, so both are read.
 */
export function reasonsByRow(problem: Problem, status: number, rowCount: number): Map<number, Reason[]> {
  const named = new Map<number, Reason[]>();
  for (const error of problem.errors ?? []) {
    const path = error.path ?? '';
    const match = factPath.exec(path);
    const index = error.index ?? (match ? Number(match[1]) : undefined);
    if (index === undefined || !Number.isInteger(index) || index < 0 || index >= rowCount) continue;
    const reason = { code: problem.code ?? `HTTP_${status}`, path: path.replace(factPath, ''), message: error.message ?? problem.detail ?? '' };
    named.set(index, [...(named.get(index) ?? []), reason]);
  }
  return named;
}

export function wholeBatchReason(problem: Problem, status: number): Reason {
  return { code: problem.code ?? `HTTP_${status}`, path: '', message: problem.detail ?? `refused with HTTP ${status}` };
}
