import type { Db } from 'mongodb';
import { collectionNames, type ProjectionDefinition } from '../definition.js';
import { physicalName } from './version-pointer.js';

/** Creates the indexes of one version's collections; createIndex is idempotent on both servers. */
export async function ensureCollections(db: Db, projection: ProjectionDefinition, version: number): Promise<void> {
  for (const logical of collectionNames(projection)) {
    const collection = db.collection(physicalName(logical, version));
    const indexes = projection.collections[logical]?.indexes ?? [];
    if (indexes.length === 0) {
      await db.createCollection(collection.collectionName).catch((error: { codeName?: string }) => {
        if (error.codeName !== 'NamespaceExists') throw error;
      });
    }
    for (const index of indexes) {
      await collection.createIndex({ ...index.key }, { unique: index.unique ?? false, ...(index.name ? { name: index.name } : {}) });
    }
  }
}

export async function dropCollections(db: Db, projection: ProjectionDefinition, version: number): Promise<void> {
  for (const logical of collectionNames(projection)) {
    await db.collection(physicalName(logical, version)).drop().catch(() => false);
  }
}
