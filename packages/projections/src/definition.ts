import type { Category, RecordedEvent } from '@ctp/contracts';
import type { ProjectionWrite } from './writes/guarded-write.js';

/** Indexes within the MongoDB/FerretDB subset: plain, compound and unique; no TTL, text or partial. */
export interface IndexSpec {
  readonly key: Readonly<Record<string, 1 | -1>>;
  readonly unique?: boolean;
  readonly name?: string;
}

export interface CollectionSpec {
  readonly indexes: readonly IndexSpec[];
}

/**
 * A read model: which categories (topics) feed it, the collections it owns (logical names; the
 * runtime stores them as `<name>_v<N>`), and a pure `handle` turning events into guarded writes.
 * `handle` may see any batch, so each event's writes must depend on that event alone: a batch's
 * writes are the concatenation of each event's writes (the runtime relies on this to isolate a
 * poison event).
 */
export interface ProjectionDefinition<C extends string = string> {
  readonly name: string;
  readonly version: number;
  readonly categories: readonly Category[];
  readonly collections: Readonly<Record<C, CollectionSpec>>;
  handle(events: readonly RecordedEvent[]): readonly ProjectionWrite<C>[];
}

const projectionName = /^[a-z][a-z0-9-]{0,62}$/;
const collectionName = /^[a-z][A-Za-z0-9_]{0,62}$/;

export function defineProjection<const C extends string>(definition: ProjectionDefinition<C>): ProjectionDefinition<C> {
  const problems: string[] = [];
  if (!projectionName.test(definition.name)) problems.push(`name ${JSON.stringify(definition.name)} must match ${projectionName.source}`);
  if (!Number.isSafeInteger(definition.version) || definition.version < 1) problems.push('version must be an integer >= 1');
  if (definition.categories.length === 0) problems.push('categories must not be empty');
  const collections = Object.keys(definition.collections);
  if (collections.length === 0) problems.push('collections must not be empty');
  for (const name of collections) {
    if (!collectionName.test(name)) problems.push(`collection ${JSON.stringify(name)} must match ${collectionName.source}`);
  }
  if (problems.length > 0) throw new Error(`invalid projection ${definition.name}: ${problems.join('; ')}`);
  return definition;
}

export function collectionNames<C extends string>(definition: ProjectionDefinition<C>): C[] {
  return Object.keys(definition.collections) as C[];
}
