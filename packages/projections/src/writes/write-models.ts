import type { AnyBulkWriteOperation, Document } from 'mongodb';
import { lanesField, positionField, type ProjectionWrite } from './guarded-write.js';
import { encodePosition } from './position-encoding.js';

export function guardFieldOf(write: ProjectionWrite): string {
  return write.lane === null ? positionField : `${lanesField}.${write.lane}`;
}

/**
 * Matches the document unless its guard already holds this position or a later one. `$not $gte`
 * (rather than `$lt`) also matches a document that exists without this guard field yet, e.g. one
 * created through another lane.
 */
export function guardFilter(write: ProjectionWrite): Document {
  return { _id: write.id, [guardFieldOf(write)]: { $not: { $gte: encodePosition(write.position) } } };
}

/** With upsert, a document that has applied the position makes the insert fail with 11000. */
export function toWriteModel(write: ProjectionWrite, options: { upsert: boolean }): AnyBulkWriteOperation {
  const filter = guardFilter(write);
  const position = encodePosition(write.position);
  switch (write.kind) {
    case 'upsert':
      return {
        updateOne: {
          filter,
          update: { ...write.update, $set: { ...write.update.$set, [guardFieldOf(write)]: position } },
          upsert: options.upsert,
        },
      };
    case 'replace':
      return { replaceOne: { filter, replacement: { ...write.document, [positionField]: position }, upsert: options.upsert } };
    default: {
      const unknown: never = write;
      throw new Error(`unknown write ${JSON.stringify(unknown)}`);
    }
  }
}

/** Whether a document (as read, with its guard fields) has already applied the write. */
export function hasApplied(write: ProjectionWrite, document: Document | undefined): boolean {
  if (document === undefined) return false;
  const guard = write.lane === null ? document[positionField] : (document[lanesField] as Document | undefined)?.[write.lane];
  return typeof guard === 'string' && guard >= encodePosition(write.position);
}
