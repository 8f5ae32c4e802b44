import { categoryOf, compareGlobalPositions, type Category, type GlobalPosition, type RecordedEvent } from '@ctp/contracts';
import type { EventStore } from '@ctp/event-store';

export interface ReplayTarget {
  readonly categories: readonly Category[];
  readonly handle: (events: readonly RecordedEvent[], heartbeat: () => Promise<void>) => Promise<void>;
}

export interface AppendedByReplay {
  readonly id: string;
  readonly type: string;
  readonly streamId: string;
  readonly globalPosition: GlobalPosition;
  readonly causationId: string | null;
}

export interface ReplayResult {
  readonly from: GlobalPosition;
  readonly to: GlobalPosition | null;
  /** Events of the reactor's categories handed to it again. */
  readonly replayed: number;
  /** Events appended while the replay ran whose cause is one of them (the first 100 in `appended`). */
  readonly appendedCount: number;
  readonly appended: readonly AppendedByReplay[];
}

const batchSize = 200;

/**
 * Hands the reactor's events with positions from `from` to `to` (inclusive; default the head
 * as the replay starts) to its handler again, in global order, read from the event store. Reactions
 * are idempotent by cause, so replaying what was handled appends nothing; what a fixed reaction
 * now appends is reported: events appended meanwhile whose causation id is a replayed event.
 */
export async function replayReactions(store: EventStore, target: ReplayTarget, range: { from: GlobalPosition; to: GlobalPosition | null }, onProgress: (progress: { replayed: number; position: GlobalPosition | null; head: GlobalPosition | null }) => Promise<void>): Promise<ReplayResult> {
  const before = await store.headPosition();
  const to = range.to ?? before;
  const categories = new Set<string>(target.categories);
  const causes = new Set<string>();
  let after: GlobalPosition | null = BigInt(range.from) > 0n ? (BigInt(range.from) - 1n).toString() : null;
  let replayed = 0;
  while (to !== null) {
    const read = await store.readAll({ after, limit: batchSize });
    const inRange = read.filter((event) => compareGlobalPositions(event.globalPosition, to) <= 0);
    const mine = inRange.filter((event) => categories.has(categoryOf(event.streamId)));
    if (mine.length > 0) await target.handle(mine, async () => undefined);
    for (const event of mine) causes.add(event.id);
    replayed += mine.length;
    after = inRange.at(-1)?.globalPosition ?? after;
    await onProgress({ replayed, position: after, head: to });
    if (inRange.length < read.length || read.length < batchSize) break;
  }
  const appended = await appendedSince(store, before, causes);
  return { from: range.from, to, replayed, appendedCount: appended.length, appended: appended.slice(0, 100) };
}

async function appendedSince(store: EventStore, since: GlobalPosition | null, causes: ReadonlySet<string>): Promise<AppendedByReplay[]> {
  const appended: AppendedByReplay[] = [];
  for (let after = since, read = await store.readAll({ after, limit: 1_000 }); read.length > 0; after = read.at(-1)!.globalPosition, read = await store.readAll({ after, limit: 1_000 })) {
    for (const event of read) {
      if (event.causationId !== null && causes.has(event.causationId)) appended.push({ id: event.id, type: event.type, streamId: event.streamId, globalPosition: event.globalPosition, causationId: event.causationId });
    }
  }
  return appended;
}
