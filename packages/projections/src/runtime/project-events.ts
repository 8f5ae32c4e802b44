import type { RecordedEvent } from '@ctp/contracts';
import type { Db, Document } from 'mongodb';
import { collectionNames, type ProjectionDefinition } from '../definition.js';
import { processEvents } from '../processing/process-events.js';
import { ensureCollections } from '../storage/collections.js';
import { activeCollection, ensurePointer } from '../storage/version-pointer.js';
import { lanesField, positionField } from '../writes/guarded-write.js';
import { foldedWriter, versionedWriter } from './version-router.js';

/**
 * Applies events to a projection's active collections the way the runtime applies a batch it
 * consumed (handle, fold per document, guarded writes), without Kafka: for projection specs and
 * tests that need a read model. An event the projection cannot handle or write is thrown, not parked.
 */
export async function projectEvents<C extends string>(db: Db, projection: ProjectionDefinition<C>, events: readonly RecordedEvent[]): Promise<void> {
  const { active } = await ensurePointer(db, projection);
  await ensureCollections(db, projection, active);
  const versions = [active];
  const result = await processEvents({ projection, retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 }, writeRound: versionedWriter<C>(db, versions), writeFolded: foldedWriter<C>(db, versions) }, events, new Map());
  const [failed] = result.parked;
  if (failed) throw new Error(`${projection.name} could not apply ${failed.event.type} ${failed.event.id} (${failed.reason})`, { cause: failed.error });
}

/** Every document of each of the projection's active collections, by _id, without the runtime's guard fields. */
export async function projectedDocuments<C extends string>(db: Db, projection: ProjectionDefinition<C>): Promise<Record<C, Document[]>> {
  const withoutGuards = ({ [positionField]: _position, [lanesField]: _lanes, ...document }: Document): Document => document;
  const read = async (logical: C) => {
    const documents = await (await activeCollection<Document>(db, projection.name, logical)).find({}).sort({ _id: 1 }).toArray();
    return [logical, documents.map(withoutGuards)] as const;
  };
  return Object.fromEntries(await Promise.all(collectionNames(projection).map(read))) as Record<C, Document[]>;
}
