import type { BulkWriteResult, Collection } from 'mongodb';
import { maxWritesPerCommand, isOperationError } from './apply-round.js';
import { foldDocument, guardStateOf, toFoldedModel, type FoldedWrite } from './fold.js';
import type { ProjectionWrite } from './guarded-write.js';
import { eachInFlight } from './in-flight.js';
import { readGuards } from './read-guards.js';

type Plans<W extends ProjectionWrite> = Map<string, FoldedWrite<W>[]>;

/**
 * Writes a batch's writes into one collection with one write per document (more only where the
 * fold needs them, see foldDocument), in rounds (a document's k-th folded write in round k) of
 * commands of at most maxWritesPerCommand, commandsInFlight of them at once:
 *
 * 1. Optimistically, without reading: each folded write is guarded like the first event it holds
 *    (`{ $not: { $gte: first } }` per lane) and upserted. FerretDB 1.24 cannot use an index for
 *    `_id: { $in }` (it reads the whole table), so a read first would cost more than the writes it saves.
 * 2. A command that misses (fewer documents matched or inserted than sent; a redelivery collides on
 *    _id) or fails on an operation leaves its documents unsure: their guards are read (by _id, which
 *    FerretDB looks up with an index), the writes they have applied dropped per lane, the rest folded
 *    again against the exact guards read and written again in commands;
 * 3. then, for what is still unsure, once more one document at a time.
 *
 * What still misses or fails is returned, every write of its documents, for the caller to write
 * event by event (applyRound), where a poison event is isolated without taking its document's other
 * events down with it.
 */
export async function applyFolded<W extends ProjectionWrite>(collection: Collection, writes: readonly W[], heartbeat?: () => Promise<void>): Promise<W[]> {
  const documents = byDocument(writes);
  const refold = async (keys: Iterable<string>): Promise<Plans<W>> => {
    const entries = [...keys].map((key) => [key, documents.get(key)!] as const);
    const states = await readGuards(collection, entries.map(([, entry]) => entry.id));
    return new Map(entries.map(([key, entry]) => [key, foldDocument(entry.writes, guardStateOf(states.get(entry.id)))]));
  };
  let unsure = await sendPlans(collection, new Map([...documents].map(([key, entry]) => [key, foldDocument(entry.writes, null)])), maxWritesPerCommand, heartbeat);
  if (unsure.size > 0) unsure = await sendPlans(collection, await refold(unsure), maxWritesPerCommand, heartbeat);
  if (unsure.size > 0) unsure = await sendPlans(collection, await refold(unsure), 1, heartbeat);
  const failed = new Set([...unsure].flatMap((key) => documents.get(key)!.writes));
  return writes.filter((write) => failed.has(write));
}

/**
 * A round's commands in flight at once. They hold distinct documents (one write per document per round), so they
 * cannot race each other, and the server overlaps them (FerretDB commits each command in a transaction of its own).
 */
export const commandsInFlight = 4;

/** Sends the plans in rounds and commands; returns the documents whose writes did not all apply. */
async function sendPlans<W extends ProjectionWrite>(collection: Collection, plans: Plans<W>, perCommand: number, heartbeat?: () => Promise<void>): Promise<Set<string>> {
  const unsure = new Set<string>();
  for (let round = 0; ; round += 1) {
    const due = [...plans].filter(([key, plan]) => plan[round] && !unsure.has(key)).map(([key, plan]) => ({ key, write: plan[round]! }));
    if (due.length === 0) return unsure;
    const commands = Array.from({ length: Math.ceil(due.length / perCommand) }, (_, index) => due.slice(index * perCommand, (index + 1) * perCommand));
    await eachInFlight(commands, commandsInFlight, async (command) => {
      if (!(await sent(collection, command.map((entry) => entry.write)))) command.forEach((entry) => unsure.add(entry.key));
      await heartbeat?.();
    });
  }
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
