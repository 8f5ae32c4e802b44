import type { BulkWriteResult, Collection, Document } from 'mongodb';
import { maxWritesPerCommand, isOperationError } from './apply-round.js';
import { foldDocument, guardStateOf, toFoldedModel, type FoldedWrite } from './fold.js';
import { lanesField, positionField, type ProjectionWrite } from './guarded-write.js';

const idsPerRead = 1_000;

/**
 * Writes a batch's writes into one collection with one write per document (two or more only
 * where the fold needs them, see foldDocument): the documents' guards are read once with $in, the
 * writes each document has applied are dropped, the rest folded, and the folded writes sent in
 * rounds (a document's k-th folded write in round k) of commands of at most maxWritesPerCommand.
 *
 * A folded write applies only to the guards it was folded against. A command that misses (fewer
 * documents matched or inserted than sent) or fails on an operation leaves its documents unsure:
 * they are read again, folded again and written one by one. What still misses or fails is
 * returned, all writes of its documents, for the caller to write event by event (applyRound),
 * where a poison event is isolated without taking its document's other events down with it.
 */
export async function applyFolded<W extends ProjectionWrite>(collection: Collection, writes: readonly W[], heartbeat?: () => Promise<void>): Promise<W[]> {
  const documents = byDocument(writes);
  const unsure = new Set<string>();
  const plans = new Map<string, FoldedWrite<W>[]>();
  const states = await readGuards(collection, [...documents.values()].map((entry) => entry.id));
  for (const [key, entry] of documents) plans.set(key, foldDocument(entry.writes, guardStateOf(states.get(entry.id))));

  for (let round = 0; ; round += 1) {
    const due = [...plans].filter(([key, plan]) => plan[round] && !unsure.has(key)).map(([key, plan]) => ({ key, write: plan[round]! }));
    if (due.length === 0) break;
    for (let start = 0; start < due.length; start += maxWritesPerCommand) {
      const command = due.slice(start, start + maxWritesPerCommand);
      if (!(await sent(collection, command.map((entry) => entry.write)))) command.forEach((entry) => unsure.add(entry.key));
      await heartbeat?.();
    }
  }
  if (unsure.size === 0) return [];

  const failed: W[] = [];
  const again = await readGuards(collection, [...unsure].map((key) => documents.get(key)!.id));
  for (const key of unsure) {
    const entry = documents.get(key)!;
    for (const folded of foldDocument(entry.writes, guardStateOf(again.get(entry.id)))) {
      if (!(await sent(collection, [folded]))) {
        failed.push(...entry.writes);
        break;
      }
    }
    await heartbeat?.();
  }
  const failedSet = new Set(failed);
  return writes.filter((write) => failedSet.has(write));
}

/** Whether every write of the command applied; connection and server-state errors are thrown. */
async function sent(collection: Collection, writes: readonly FoldedWrite[]): Promise<boolean> {
  let result: BulkWriteResult;
  try {
    result = await collection.bulkWrite(writes.map(toFoldedModel), { ordered: false });
  } catch (error) {
    if (isOperationError(error)) return false;
    throw error;
  }
  return result.matchedCount + result.upsertedCount === writes.length;
}

async function readGuards(collection: Collection, ids: readonly ProjectionWrite['id'][]): Promise<Map<unknown, Document>> {
  const found = new Map<unknown, Document>();
  for (let start = 0; start < ids.length; start += idsPerRead) {
    const documents = await collection.find({ _id: { $in: ids.slice(start, start + idsPerRead) } } as Document, { projection: { [positionField]: 1, [lanesField]: 1 } }).toArray();
    for (const document of documents) found.set(document._id, document);
  }
  return found;
}

function byDocument<W extends ProjectionWrite>(writes: readonly W[]): Map<string, { id: W['id']; writes: W[] }> {
  const documents = new Map<string, { id: W['id']; writes: W[] }>();
  for (const write of writes) {
    const key = `${typeof write.id}\u0000${String(write.id)}`;
    const entry = documents.get(key);
    if (entry) entry.writes.push(write);
    else documents.set(key, { id: write.id, writes: [write] });
  }
  return documents;
}
