import { MongoServerError, type Collection } from 'mongodb';
import type { ProjectionWrite } from './guarded-write.js';
import { readGuards } from './read-guards.js';
import { hasApplied, toWriteModel } from './write-models.js';

export interface WriteFailure<W extends ProjectionWrite = ProjectionWrite> {
  readonly write: W;
  readonly error: unknown;
}

/**
 * FerretDB 1.24 keeps one PostgreSQL connection per matched update until its whole command ends,
 * so one command updating more documents than its connection pool hangs for good. Commands stay
 * well below any pool: a round is written in commands of at most this many writes.
 */
export const maxWritesPerCommand = 25;

export async function applyRound<W extends ProjectionWrite>(collection: Collection, writes: readonly W[]): Promise<WriteFailure<W>[]> {
  const failures: WriteFailure<W>[] = [];
  for (let start = 0; start < writes.length; start += maxWritesPerCommand) {
    failures.push(...(await applyCommand(collection, writes.slice(start, start + maxWritesPerCommand))));
  }
  return failures;
}

/**
 * Applies up to maxWritesPerCommand writes of one round (at most one write per document) and returns the writes that
 * failed on their own merits; connection and server-state errors are thrown, since retrying the
 * whole batch can cure them.
 *
 * The fast path is one unordered bulkWrite. It fails when a document has already applied its
 * write (a redelivery: the guarded upsert then collides on _id). FerretDB 1.24 stops an
 * unordered bulkWrite at the first error and reports a wrong operation index, so after any
 * failure the applied state is read back instead of trusted from the error: the writes not yet
 * applied are written again, and should that fail too, one by one to find the culprits.
 */
async function applyCommand<W extends ProjectionWrite>(collection: Collection, writes: readonly W[]): Promise<WriteFailure<W>[]> {
  if (writes.length === 0) return [];
  try {
    await collection.bulkWrite(writes.map((write) => toWriteModel(write, { upsert: true })), { ordered: false });
    return [];
  } catch (error) {
    if (!isOperationError(error)) throw error;
  }
  const current = await readGuards(collection, writes.map((write) => write.id));
  const pending = writes.filter((write) => !hasApplied(write, current.get(write.id)));
  if (pending.length === 0) return [];
  try {
    await collection.bulkWrite(pending.map((write) => toWriteModel(write, { upsert: !current.has(write.id) })), { ordered: false });
    return [];
  } catch (error) {
    if (!isOperationError(error)) throw error;
  }
  return oneByOne(collection, pending);
}

async function oneByOne<W extends ProjectionWrite>(collection: Collection, writes: readonly W[]): Promise<WriteFailure<W>[]> {
  const failures: WriteFailure<W>[] = [];
  for (const write of writes) {
    try {
      await collection.bulkWrite([toWriteModel(write, { upsert: true })]);
    } catch (error) {
      if (!isOperationError(error)) throw error;
      const now = await readGuards(collection, [write.id]);
      if (!hasApplied(write, now.get(write.id))) failures.push({ write, error });
    }
  }
  return failures;
}

/** An error about the operations themselves (duplicate key, type mismatch...), not the connection. */
export function isOperationError(error: unknown): boolean {
  return error instanceof MongoServerError && !error.hasErrorLabel('RetryableWriteError') && !error.hasErrorLabel('ResetPool');
}
