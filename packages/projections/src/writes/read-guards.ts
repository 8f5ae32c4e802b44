import type { Collection, Document } from 'mongodb';
import { findByIds } from '../storage/find-by-ids.js';
import { lanesField, positionField, type ProjectionWrite } from './guarded-write.js';

/** The guards (position and lanes) of the documents with these ids, by id. */
export async function readGuards(collection: Collection, ids: readonly ProjectionWrite['id'][]): Promise<Map<unknown, Document>> {
  const documents = await findByIds(collection, ids, { projection: { [positionField]: 1, [lanesField]: 1 } });
  return new Map(documents.map((document) => [document._id, document]));
}
