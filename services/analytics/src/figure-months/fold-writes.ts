import { isDeepStrictEqual } from 'node:util';
import type { GuardedUpdate, ProjectionWrite } from '@ctp/projections';

type Fields = Record<string, unknown>;

/**
 * The document `collection/id` as a projection's writes (in feed order) leave it, folded in memory: the same
 * `$set`, `$setOnInsert`, `$inc`, `$min`, `$max`, `$push` and `$addToSet` on top-level fields the runtime applies,
 * so a follower can tell what a fact was before and after an event without reading the read model. Null: never written.
 */
export function foldWrites(writes: readonly ProjectionWrite[], collection: string, id: string): Fields | null {
  let document: Fields | null = null;
  for (const write of writes) {
    if (write.collection !== collection || write.id !== id) continue;
    document = write.kind === 'replace' ? { ...write.document } : applyUpdate(document, write.update);
  }
  return document;
}

function applyUpdate(document: Fields | null, update: GuardedUpdate): Fields {
  const next: Fields = { ...document };
  const each = (fields: object | undefined, apply: (field: string, value: unknown) => void) => {
    for (const [field, value] of Object.entries(fields ?? {})) {
      if (field.includes('.')) throw new Error(`foldWrites: ${field}: only top-level fields are folded`);
      apply(field, value);
    }
  };
  each(update.$set, (field, value) => (next[field] = value));
  if (document === null) each(update.$setOnInsert, (field, value) => (next[field] = value));
  each(update.$inc, (field, value) => (next[field] = ((next[field] as number | undefined) ?? 0) + (value as number)));
  each(update.$min, (field, value) => (next[field] = next[field] === undefined || (value as number) < (next[field] as number) ? value : next[field]));
  each(update.$max, (field, value) => (next[field] = next[field] === undefined || (value as number) > (next[field] as number) ? value : next[field]));
  each(update.$push, (field, value) => (next[field] = [...((next[field] as unknown[] | undefined) ?? []), value]));
  each(update.$addToSet, (field, value) => {
    const values = (next[field] as unknown[] | undefined) ?? [];
    next[field] = values.some((each) => isDeepStrictEqual(each, value)) ? values : [...values, value];
  });
  return next;
}
