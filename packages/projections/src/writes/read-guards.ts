import type { Collection, Document } from 'mongodb';
import { lanesField, positionField, type ProjectionWrite } from './guarded-write.js';

const parallelReads = 8;

/**
 * The guards (position and lanes) of the documents with these ids, read one `_id` at a time, a few
 * in parallel: FerretDB 1.24 serves `_id: value` from an index but runs `_id: { $in }` as a scan
 * of the whole table.
 */
export async function readGuards(collection: Collection, ids: readonly ProjectionWrite['id'][]): Promise<Map<unknown, Document>> {
  const unique = [...new Set(ids)];
  const found = new Map<unknown, Document>();
  for (let start = 0; start < unique.length; start += parallelReads) {
    const documents = await Promise.all(unique.slice(start, start + parallelReads).map((id) => collection.findOne({ _id: id } as Document, { projection: { [positionField]: 1, [lanesField]: 1 } })));
    for (const document of documents) if (document) found.set(document._id, document);
  }
  return found;
}
