import { randomUUID } from 'node:crypto';
import { parseStreamId, streamIdFor, type DomainEvent, type RecordedEvent } from '@ctp/contracts';
import { envelopes, type EventStore } from '@ctp/event-store';
import { activeCollection, encodePosition, type ProjectionDefinition, type ProjectionWrite } from '@ctp/projections';
import type { Db, Document } from 'mongodb';

type Category = Parameters<typeof streamIdFor>[0];

/** One stream's events, as a decider decided them, with the business time they carry. */
export interface StreamEvents {
  readonly category: Category;
  readonly id: string;
  readonly events: readonly { readonly event: DomainEvent; readonly at: string }[];
}

const actor = { kind: 'service', id: 'bench' } as const;

function envelopesOf({ category, id, events }: StreamEvents) {
  const streamId = streamIdFor(category, id);
  return { streamId, events: events.flatMap(({ event, at }) => envelopes(streamId, [event], { causationId: randomUUID(), correlationId: 'bench-reads', occurredAt: at, actor })) };
}

/** Appends the streams to the store, 200 streams per appendMany; answers the events as recorded. */
export async function appendStreams(store: EventStore, streams: readonly StreamEvents[]): Promise<RecordedEvent[]> {
  const recorded: RecordedEvent[] = [];
  for (let first = 0; first < streams.length; first += 200) {
    const appends = streams.slice(first, first + 200).map(envelopesOf).map((append) => ({ ...append, expectedRevision: 'any' as const }));
    const results = await store.appendMany(appends);
    results.forEach((result, part) =>
      result.events.forEach(({ revision, globalPosition }, index) => recorded.push({ ...appends[part]!.events[index]!, revision, globalPosition, recordedAt: new Date().toISOString() } as RecordedEvent)),
    );
  }
  return recorded;
}

/** The streams' events as recorded at positions from `firstPosition` on, without a store (for read models only). */
export function recordedStreams(streams: readonly StreamEvents[], firstPosition = 1): RecordedEvent[] {
  let position = firstPosition;
  return streams.flatMap((stream) =>
    envelopesOf(stream).events.map((event, revision) => ({ ...event, revision, globalPosition: String(position++), recordedAt: event.occurredAt }) as RecordedEvent),
  );
}

/**
 * The documents `projection.handle` makes of `events`, folded in memory as the runtime applies its guarded
 * writes on the server ($set, $inc, $setOnInsert, $min, $max, $push, $addToSet, replace; the position or
 * lane guard), then written with insertMany into the collections the service reads: those its version pointer
 * names (`_v1` on a fresh start, whatever `projection.version` says: a higher version is reached by a rebuild).
 * The projection's own code decides every field; only the applying is done here, since 100,000 documents
 * through the runtime would take minutes per read model on this machine.
 */
export async function fillReadModel<C extends string>(db: Db, projection: ProjectionDefinition<C>, events: readonly RecordedEvent[]): Promise<number> {
  const collections = new Map<string, Map<string, Document>>();
  for (let first = 0; first < events.length; first += 1_000) {
    for (const write of projection.handle(events.slice(first, first + 1_000))) apply(collections, write);
  }
  return writeFolded(db, projection, collections);
}

/**
 * As fillReadModel, for several projections over batches read one after another (a whole store's events need not
 * be held at once): each projection is handed only the events of its categories, as its topics would carry them.
 */
export async function fillReadModels(db: Db, projections: readonly ProjectionDefinition[], batches: AsyncIterable<readonly RecordedEvent[]>): Promise<number> {
  const folded = projections.map(() => new Map<string, Map<string, Document>>());
  for await (const events of batches) {
    projections.forEach((projection, index) => {
      const mine = events.filter(({ streamId }) => projection.categories.includes(parseStreamId(streamId).category));
      for (let first = 0; first < mine.length; first += 1_000) for (const write of projection.handle(mine.slice(first, first + 1_000))) apply(folded[index]!, write);
    });
  }
  let written = 0;
  for (const [index, projection] of projections.entries()) written += await writeFolded(db, projection, folded[index]!);
  return written;
}

async function writeFolded(db: Db, projection: ProjectionDefinition, collections: Map<string, Map<string, Document>>): Promise<number> {
  let written = 0;
  for (const [name, documents] of collections) {
    const all = [...documents.values()];
    const target = await activeCollection(db, projection.name, name);
    for (let first = 0; first < all.length; first += 1_000) await target.insertMany(all.slice(first, first + 1_000), { ordered: false });
    written += all.length;
  }
  return written;
}

function apply(collections: Map<string, Map<string, Document>>, write: ProjectionWrite): void {
  const documents = collections.get(write.collection) ?? collections.set(write.collection, new Map()).get(write.collection)!;
  const key = String(write.id);
  const existing = documents.get(key);
  const position = encodePosition(write.position);
  const applied = write.lane === null ? existing?._position : existing?._lanes?.[write.lane];
  if (applied !== undefined && applied >= position) return;
  const guard = (document: Document) => (write.lane === null ? { ...document, _position: position } : { ...document, _lanes: { ...document._lanes, [write.lane]: position } });
  if (write.kind === 'replace') {
    documents.set(key, guard({ _id: write.id, ...write.document, ...(existing?._lanes ? { _lanes: existing._lanes } : {}) }));
    return;
  }
  const document: Document = structuredClone(existing ?? { _id: write.id });
  const { $set, $inc, $setOnInsert, $min, $max, $push, $addToSet } = write.update;
  if (!existing) for (const [path, value] of Object.entries($setOnInsert ?? {})) setPath(document, path, value);
  for (const [path, value] of Object.entries($set ?? {})) setPath(document, path, value);
  for (const [path, value] of Object.entries($inc ?? {})) setPath(document, path, ((getPath(document, path) as number | undefined) ?? 0) + value);
  for (const [path, value] of Object.entries($min ?? {})) if (!((getPath(document, path) as typeof value) <= value)) setPath(document, path, value);
  for (const [path, value] of Object.entries($max ?? {})) if (!((getPath(document, path) as typeof value) >= value)) setPath(document, path, value);
  for (const [path, value] of Object.entries($push ?? {})) setPath(document, path, [...((getPath(document, path) as unknown[] | undefined) ?? []), value]);
  for (const [path, value] of Object.entries($addToSet ?? {})) {
    const list = (getPath(document, path) as unknown[] | undefined) ?? [];
    if (!list.some((item) => JSON.stringify(item) === JSON.stringify(value))) setPath(document, path, [...list, value]);
  }
  documents.set(key, guard(document));
}

function getPath(document: Document, path: string): unknown {
  return path.split('.').reduce<unknown>((at, part) => (at === null || typeof at !== 'object' ? undefined : (at as Document)[part]), document);
}

function setPath(document: Document, path: string, value: unknown): void {
  const parts = path.split('.');
  let at = document;
  for (const part of parts.slice(0, -1)) at = at[part] !== null && typeof at[part] === 'object' ? at[part] : (at[part] = {});
  at[parts.at(-1)!] = value;
}
