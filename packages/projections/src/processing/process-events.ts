import { compareGlobalPositions, type GlobalPosition, type RecordedEvent } from '@ctp/contracts';
import type { ProjectionDefinition } from '../definition.js';
import type { WriteFailure } from '../writes/apply-round.js';
import type { ProjectionWrite } from '../writes/guarded-write.js';
import { planRounds } from '../writes/rounds.js';
import { handleBatch, handleOne, type EventOutcome } from './handle-batch.js';
import { backoffDelay, sleep as realSleep, type RetryPolicy } from './retry-policy.js';

export type ParkReason = 'handler_failed' | 'write_failed' | 'stream_blocked';

export interface ParkedEvent {
  readonly event: RecordedEvent;
  readonly reason: ParkReason;
  readonly error: unknown;
  readonly attempts: number;
  /** For stream_blocked: the event whose failure blocked the stream. */
  readonly blockedBy: string | null;
}

export interface ProcessDeps<C extends string> {
  readonly projection: ProjectionDefinition<C>;
  readonly writeRound: (writes: readonly ProjectionWrite<C>[]) => Promise<WriteFailure<ProjectionWrite<C>>[]>;
  /**
   * Writes the whole batch folded, one write per document; returns the writes of the documents it
   * could not write that way, which then go event by event through writeRound. Absent: event by event only.
   */
  readonly writeFolded?: (writes: readonly ProjectionWrite<C>[]) => Promise<readonly ProjectionWrite<C>[]>;
  readonly retry: RetryPolicy;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly heartbeat?: () => Promise<void>;
}

export interface ProcessResult {
  readonly applied: number;
  readonly parked: readonly ParkedEvent[];
}

interface Block {
  readonly by: string;
  /** Events of the stream after this position are blocked; null: all of them. */
  readonly after: GlobalPosition | null;
}

interface Tagged<C extends string> {
  readonly collection: C;
  readonly id: ProjectionWrite['id'];
  readonly write: ProjectionWrite<C>;
  readonly event: RecordedEvent;
}

/**
 * Handles and writes a batch: folded (one write per document) when the deps allow, and event by
 * event for the documents the fold could not write, e.g. because one of their events' writes
 * fails on its own. A failing event is retried, then parked, and every later event of
 * its stream is parked behind it (`stream_blocked`): with the position guard, an event applied
 * after a later one of the same document would be a no-op, so a stream waits for its redrive in
 * order. `blocked` holds the streams already parked (stream id -> blocking event id).
 */
export async function processEvents<C extends string>(deps: ProcessDeps<C>, events: readonly RecordedEvent[], blocked: ReadonlyMap<string, string>): Promise<ProcessResult> {
  const blocks = new Map<string, Block>([...blocked].map(([stream, by]) => [stream, { by, after: null }]));
  const parked = new Map<string, ParkedEvent>();
  const blockOf = (event: RecordedEvent) => {
    const block = blocks.get(event.streamId);
    return block && (block.after === null || compareGlobalPositions(event.globalPosition, block.after) > 0) ? block : undefined;
  };
  const park = (event: RecordedEvent, reason: ParkReason, error: unknown, attempts: number, blockedBy: string | null = null) =>
    parked.set(event.id, { event, reason, error, attempts, blockedBy });
  const parkIfBlocked = (event: RecordedEvent) => {
    const block = blockOf(event);
    if (block) park(event, 'stream_blocked', new Error(`stream ${event.streamId} is blocked by parked event ${block.by}`), 0, block.by);
    return block !== undefined;
  };

  const open = events.filter((event) => !parkIfBlocked(event));
  const outcomes = await handleWithRetries(deps, open);
  const writes: Tagged<C>[] = [];
  open.forEach((event, index) => {
    const outcome = outcomes[index];
    if (!outcome || parkIfBlocked(event)) return;
    if (!outcome.result.ok) {
      park(event, 'handler_failed', outcome.result.error, outcome.attempts);
      blocks.set(event.streamId, { by: event.id, after: event.globalPosition });
      return;
    }
    writes.push(...outcome.result.writes.map((write) => ({ collection: write.collection, id: write.id, write, event })));
  });

  const leftOver = deps.writeFolded ? new Set(await deps.writeFolded(writes.map((tagged) => tagged.write))) : null;
  const eventByEvent = leftOver ? writes.filter((tagged) => leftOver.has(tagged.write)) : writes;
  for (const round of planRounds(eventByEvent)) {
    const live = round.filter((tagged) => !parked.has(tagged.event.id) && !blockOf(tagged.event));
    if (live.length === 0) continue;
    const failed = await writeWithRetries(deps, live);
    for (const [event, error] of failed) {
      park(event, 'write_failed', error, deps.retry.attempts);
      if (!blocks.has(event.streamId)) blocks.set(event.streamId, { by: event.id, after: event.globalPosition });
    }
    await deps.heartbeat?.();
  }
  const applied = open.filter((event) => !parked.has(event.id) && !parkIfBlocked(event)).length;
  const inOrder = [...parked.values()].sort((a, b) => compareGlobalPositions(a.event.globalPosition, b.event.globalPosition));
  return { applied, parked: inOrder };
}

async function handleWithRetries<C extends string>(deps: ProcessDeps<C>, events: readonly RecordedEvent[]) {
  const outcomes: { result: EventOutcome<C>; attempts: number }[] = handleBatch(deps.projection, events).map((result) => ({ result, attempts: 1 }));
  for (let attempt = 1; attempt < deps.retry.attempts && outcomes.some((outcome) => !outcome.result.ok); attempt += 1) {
    await (deps.sleep ?? realSleep)(backoffDelay(deps.retry, attempt));
    outcomes.forEach((outcome, index) => {
      const event = events[index];
      if (outcome.result.ok || !event) return;
      outcomes[index] = { result: handleOne(deps.projection, event), attempts: attempt + 1 };
    });
  }
  return outcomes;
}

async function writeWithRetries<C extends string>(deps: ProcessDeps<C>, round: readonly Tagged<C>[]): Promise<Map<RecordedEvent, unknown>> {
  const byWrite = new Map(round.map((tagged) => [tagged.write, tagged]));
  let failures = await deps.writeRound(round.map((tagged) => tagged.write));
  for (let attempt = 1; attempt < deps.retry.attempts && failures.length > 0; attempt += 1) {
    await (deps.sleep ?? realSleep)(backoffDelay(deps.retry, attempt));
    failures = await deps.writeRound(failures.map((failure) => failure.write));
  }
  const failed = new Map<RecordedEvent, unknown>();
  for (const failure of failures) {
    const event = byWrite.get(failure.write)?.event;
    if (event && !failed.has(event)) failed.set(event, failure.error);
  }
  return failed;
}
