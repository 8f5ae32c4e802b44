import { randomUUID } from 'node:crypto';
import type { EventToAppend, GlobalPosition, RecordedEvent } from '@ctp/contracts';
import { BACKWARDS, END, EventStoreDBClient, FORWARDS, START, StreamNotFoundError } from '@eventstore/db-client';
import type { Position, ResolvedEvent, StreamingRead } from '@eventstore/db-client';
import { checkAppend, checkReadAll } from '../append-checks.js';
import { WrongExpectedRevisionError } from '../errors.js';
import { checkAppendMany } from '../append-many.js';
import type { AppendResult, EventStore, ExpectedRevision, ReadAllOptions, ReadStreamOptions, StreamAppend, SubscribeToAllOptions, Subscription } from '../port.js';
import { classifyAppend } from './classify-append.js';
import { translateEsdbError } from './esdb-errors.js';
import { esdbSubscription } from './esdb-subscription.js';
import { fromEsdbEvent, isSystemEvent, toEsdbEvent, toEsdbExpectedRevision, toEsdbPosition, type StoredEvent } from './mapping.js';

const pageSize = 500;
/**
 * ESDB guarantees idempotency for exact expected revisions; for 'any' and 'stream_exists' it only
 * remembers recent ids, so the adapter looks for the ids among this many latest events first.
 */
const recentWindow = 1_000;

/** kurrentdb:// is accepted as a synonym of esdb:// (the client only knows the latter). */
export function createEsdbEventStore(url: string): EsdbEventStore {
  return new EsdbEventStore(EventStoreDBClient.connectionString(url.replace(/^kurrentdb(\+discover)?:/, 'esdb$1:')));
}

export class EsdbEventStore implements EventStore {
  private readonly subscriptions = new Set<Subscription>();

  constructor(private readonly client: EventStoreDBClient) {}

  async append(streamId: string, events: readonly EventToAppend[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    const expected = options.expectedRevision;
    checkAppend(streamId, events, expected);
    const appendId = randomUUID();
    if (expected === 'any' || expected === 'stream_exists') {
      const earlier = classifyAppend(streamId, events, await this.find(streamId, events, recentWindow), appendId);
      if (earlier) return earlier;
    }
    let last: number;
    try {
      const written = await this.client.appendToStream(streamId, events.map((event) => toEsdbEvent(event, appendId)), {
        expectedRevision: toEsdbExpectedRevision(expected),
      });
      last = Number(written.nextExpectedRevision);
    } catch (error) {
      const translated = translateEsdbError(error, streamId, expected);
      if (!(translated instanceof WrongExpectedRevisionError)) throw translated;
      const retried = classifyAppend(streamId, events, await this.find(streamId, events), appendId);
      if (retried) return retried;
      throw translated;
    }
    const range = await this.stored(streamId, { fromRevision: last - events.length + 1, toRevision: last });
    const linedUp = range.length === events.length && range.every((stored, index) => stored.event.id === events[index]?.id);
    const stored = linedUp ? byId(range) : await this.find(streamId, events);
    const result = classifyAppend(streamId, events, stored, appendId);
    if (!result) throw new Error(`EventStoreDB accepted an append to ${streamId} but its events cannot be found`);
    return result;
  }

  /** Not atomic: EventStoreDB has no transaction across streams, so the parts go one after another. */
  async appendMany(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    checkAppendMany(appends);
    const results: AppendResult[] = [];
    for (const { streamId, events, expectedRevision } of appends) results.push(await this.append(streamId, events, { expectedRevision }));
    return results;
  }

  async readStreams(streamIds: readonly string[]): Promise<Map<string, RecordedEvent[]>> {
    const ids = [...new Set(streamIds)];
    const streams = await Promise.all(ids.map((id) => this.readStream(id)));
    return new Map(ids.map((id, index) => [id, streams[index]!]));
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const until = options.recordedUntil === undefined ? Infinity : Date.parse(options.recordedUntil);
    const events = (await this.stored(streamId, options)).map((stored) => stored.event);
    return events.filter((event) => Date.parse(event.recordedAt) <= until);
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    checkReadAll(options);
    let cursor = options.after === null ? -1n : BigInt(options.after);
    let from: Position | typeof START = options.after === null ? START : toEsdbPosition(options.after);
    const events: RecordedEvent[] = [];
    for (;;) {
      let seen = 0;
      for await (const resolved of this.client.readAll({ fromPosition: from, maxCount: pageSize, direction: FORWARDS })) {
        seen += 1;
        const position = resolved.event?.position;
        if (!position || position.commit <= cursor) continue;
        cursor = position.commit;
        from = position;
        if (isSystemEvent(resolved)) continue;
        events.push(fromEsdbEvent(resolved).event);
        if (events.length === options.limit) return events;
      }
      if (seen < pageSize) return events;
    }
  }

  subscribeToAll(options: SubscribeToAllOptions): Subscription {
    const subscription = esdbSubscription(this.client, options);
    this.subscriptions.add(subscription);
    void subscription.finished.catch(() => undefined).finally(() => this.subscriptions.delete(subscription));
    return subscription;
  }

  async headPosition(): Promise<GlobalPosition | null> {
    for await (const resolved of this.client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 10_000 })) {
      if (!isSystemEvent(resolved)) return fromEsdbEvent(resolved).event.globalPosition;
    }
    return null;
  }

  /** EventStoreDB shows an append once it is committed, never one behind another in flight: the newest is the head. */
  newestPosition(): Promise<GlobalPosition | null> {
    return this.headPosition();
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.client.dispose();
  }

  private async stored(streamId: string, options: ReadStreamOptions): Promise<StoredEvent[]> {
    const from = options.fromRevision ?? 0;
    const maxCount = options.toRevision === undefined ? undefined : options.toRevision - from + 1;
    if (maxCount !== undefined && maxCount <= 0) return [];
    return collect(this.client.readStream(streamId, { fromRevision: BigInt(from), direction: FORWARDS, ...(maxCount ? { maxCount } : {}) }));
  }

  /** Looks for the ids in their stream, newest first: the slow path of a retried or conflicting append. */
  private async find(streamId: string, events: readonly EventToAppend[], maxCount?: number): Promise<Map<string, StoredEvent>> {
    const wanted = new Set(events.map((event) => event.id));
    const found = new Map<string, StoredEvent>();
    try {
      for await (const resolved of this.client.readStream(streamId, { fromRevision: END, direction: BACKWARDS, ...(maxCount ? { maxCount } : {}) })) {
        const stored = fromEsdbEvent(resolved);
        if (wanted.has(stored.event.id)) found.set(stored.event.id, stored);
        if (found.size === wanted.size) break;
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw translateEsdbError(error, streamId, 'any');
    }
    return found;
  }
}

async function collect(read: StreamingRead<ResolvedEvent>): Promise<StoredEvent[]> {
  const stored: StoredEvent[] = [];
  try {
    for await (const resolved of read) stored.push(fromEsdbEvent(resolved));
  } catch (error) {
    if (error instanceof StreamNotFoundError) return stored;
    throw translateEsdbError(error, '', 'any');
  }
  return stored;
}

function byId(stored: readonly StoredEvent[]): Map<string, StoredEvent> {
  return new Map(stored.map((entry) => [entry.event.id, entry]));
}
