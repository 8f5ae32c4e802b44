import { toGlobalPosition, type GlobalPosition } from '@ctp/contracts';
import type { Document } from 'mongodb';

export type DocumentId = string | number;

/** The update operators every supported server (MongoDB 7, FerretDB 1.24) applies alike. */
export interface GuardedUpdate {
  readonly $set?: Document;
  readonly $inc?: Readonly<Record<string, number>>;
  readonly $setOnInsert?: Document;
  readonly $min?: Document;
  readonly $max?: Document;
  readonly $push?: Document;
  readonly $addToSet?: Document;
}

interface WriteBase<C extends string> {
  readonly collection: C;
  readonly id: DocumentId;
  readonly position: GlobalPosition;
  /** null: the document's `_position`; a lane: `_lanes.<lane>`, for documents fed by several streams. */
  readonly lane: string | null;
}

/**
 * A write applied only if the document has not applied `position` (or a later one) yet: the
 * guard that turns at-least-once delivery into an exactly-once effect.
 */
export type ProjectionWrite<C extends string = string> =
  | (WriteBase<C> & { readonly kind: 'upsert'; readonly update: GuardedUpdate })
  | (WriteBase<C> & { readonly kind: 'replace'; readonly document: Document });

export const positionField = '_position';
export const lanesField = '_lanes';
const reserved = ['_id', positionField, lanesField];
const lanePattern = /^[A-Za-z0-9_]{1,40}$/;

export interface GuardOptions {
  readonly lane?: string;
}

/** Upsert `id` with `update` unless it has already applied `position`. */
export function guardedUpsert<C extends string>(collection: C, id: DocumentId, position: GlobalPosition, update: GuardedUpdate, options: GuardOptions = {}): ProjectionWrite<C> {
  const operators = Object.entries(update).filter(([, fields]) => fields !== undefined);
  if (operators.length === 0) throw new Error(`guardedUpsert ${collection}/${id}: the update is empty`);
  for (const [operator, fields] of operators) checkPaths(`${operator} of ${collection}/${id}`, Object.keys(fields as Document));
  return { kind: 'upsert', collection, id, position: toGlobalPosition(position), lane: laneOf(options), update };
}

/** Replace `id` by `document` (e.g. a tombstone after erasure) unless it has already applied `position`. */
export function guardedReplace<C extends string>(collection: C, id: DocumentId, position: GlobalPosition, document: Document): ProjectionWrite<C> {
  checkPaths(`replacement of ${collection}/${id}`, Object.keys(document));
  return { kind: 'replace', collection, id, position: toGlobalPosition(position), lane: null, document };
}

function laneOf(options: GuardOptions): string | null {
  if (options.lane === undefined) return null;
  if (!lanePattern.test(options.lane)) throw new Error(`lane ${JSON.stringify(options.lane)} must match ${lanePattern.source}`);
  return options.lane;
}

function checkPaths(where: string, paths: readonly string[]): void {
  for (const path of paths) {
    const root = path.split('.')[0] ?? path;
    if (reserved.includes(root)) throw new Error(`${where} may not touch ${root}: the runtime owns it`);
  }
}
