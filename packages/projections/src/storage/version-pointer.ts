import type { Collection, Db } from 'mongodb';
import { collectionNames, type ProjectionDefinition } from '../definition.js';

export const versionsCollectionName = 'projection_versions';

export interface BuildState {
  readonly version: number;
  readonly collections: Record<string, string>;
  /** Encoded position through which the rebuild has applied the store into this version. */
  readonly readyThrough: string | null;
  /** Set when the rebuild is about to switch: the live runtime applies nothing after `through` until `until` (wall-clock time). */
  readonly fence?: { readonly through: string | null; readonly until: Date } | null;
  readonly definitionVersion: number;
  readonly startedAt: Date;
}

/** Which versioned collections answer queries, and which one a rebuild is filling. */
export interface VersionPointer {
  readonly _id: string;
  readonly active: number;
  readonly collections: Record<string, string>;
  /** For a rebuilt version: the encoded position its rebuild applied through; null for v1. */
  readonly builtThrough: string | null;
  readonly definitionVersion: number;
  /** The highest version number ever used, so an abandoned build's number is not reused. */
  readonly latest: number;
  readonly building: BuildState | null;
  readonly switchedAt: Date;
}

export function physicalName(logical: string, version: number): string {
  return `${logical}_v${version}`;
}

export function physicalNames(projection: ProjectionDefinition, version: number): Record<string, string> {
  return Object.fromEntries(collectionNames(projection).map((logical) => [logical, physicalName(logical, version)]));
}

export function versionPointers(db: Db): Collection<VersionPointer> {
  return db.collection<VersionPointer>(versionsCollectionName);
}

/** The pointer, created (version 1 active) the first time a projection runs. */
export async function ensurePointer(db: Db, projection: ProjectionDefinition, now = new Date()): Promise<VersionPointer> {
  const pointers = versionPointers(db);
  const initial = { active: 1, collections: physicalNames(projection, 1), builtThrough: null, definitionVersion: projection.version, latest: 1, building: null, switchedAt: now };
  try {
    await pointers.updateOne({ _id: projection.name }, { $setOnInsert: initial }, { upsert: true });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
  const pointer = await readPointer(db, projection.name);
  if (!pointer) throw new Error(`the version pointer of ${projection.name} vanished`);
  await refuseSharedCollections(pointers, pointer);
  return pointer;
}

/** Two projections writing one collection would corrupt each other: the second to start is refused, naming both. */
async function refuseSharedCollections(pointers: Collection<VersionPointer>, pointer: VersionPointer): Promise<void> {
  const claimed = (of: VersionPointer) => [...Object.values(of.collections), ...Object.values(of.building?.collections ?? {})];
  const mine = new Set(claimed(pointer));
  for (const other of await pointers.find({ _id: { $ne: pointer._id } }).toArray()) {
    const shared = claimed(other).filter((name) => mine.has(name));
    if (shared.length > 0) throw new Error(`projection ${pointer._id} would write ${shared.join(', ')}, which projection ${other._id} owns in this database: give one of them other collection names`);
  }
}

/** FerretDB 1.24 drops top-level null fields given to $setOnInsert: absent means null here. */
export async function readPointer(db: Db, projectionName: string): Promise<VersionPointer | null> {
  const pointer = await versionPointers(db).findOne({ _id: projectionName });
  return pointer && { ...pointer, builtThrough: pointer.builtThrough ?? null, building: pointer.building ?? null };
}

/** The collection that answers queries for a projection's logical collection right now. */
export async function activeCollection<T extends object = Record<string, unknown>>(db: Db, projectionName: string, logicalName: string): Promise<Collection<T>> {
  return pointedCollection<T>(db, await readPointer(db, projectionName), logicalName);
}

/** The collection a pointer already read names for a logical collection (version 1's before any pointer exists). */
export function pointedCollection<T extends object = Record<string, unknown>>(db: Db, pointer: VersionPointer | null, logicalName: string): Collection<T> {
  return db.collection<T>(pointer?.collections[logicalName] ?? physicalName(logicalName, pointer?.active ?? 1));
}

export function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}
