import type { DocumentId } from './guarded-write.js';

interface Keyed {
  readonly collection: string;
  readonly id: DocumentId;
}

/**
 * Splits writes into rounds holding at most one write per document, keeping each document's
 * writes in order: round k holds the k-th write of every document. An unordered bulkWrite may
 * apply its operations in any order, and with the position guard an earlier write applied after
 * a later one would be lost; across rounds the order is kept.
 */
export function planRounds<W extends Keyed>(writes: readonly W[]): W[][] {
  const seen = new Map<string, number>();
  const rounds: W[][] = [];
  for (const write of writes) {
    const key = `${write.collection}\u0000${typeof write.id}\u0000${String(write.id)}`;
    const round = seen.get(key) ?? 0;
    seen.set(key, round + 1);
    (rounds[round] ??= []).push(write);
  }
  return rounds;
}
