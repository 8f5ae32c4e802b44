import type { AnyBulkWriteOperation, Document } from 'mongodb';
import { lanesField, positionField, type DocumentId, type GuardedUpdate, type ProjectionWrite } from './guarded-write.js';
import { encodePosition } from './position-encoding.js';
import { guardFieldOf } from './write-models.js';

/** A document's guards as read: guard field (`_position`, `_lanes.<lane>`) -> encoded position. */
export interface GuardState {
  readonly exists: boolean;
  readonly guards: ReadonlyMap<string, string>;
}

/**
 * What a guard field must hold for a folded write to apply: exactly a value (null: absent), when
 * the document was read or an earlier folded write set it; otherwise anything below the first
 * position folded in, the event-by-event guard.
 */
export type Expected = { readonly is: string | null } | { readonly below: string };

/**
 * Several writes of one document folded into one, applied only if the document's guards are as
 * expected, so a stale read, a redelivery or a concurrent writer makes it miss instead of applying
 * an event twice.
 */
export interface FoldedWrite<W extends ProjectionWrite = ProjectionWrite> {
  readonly id: DocumentId;
  readonly expected: Readonly<Record<string, Expected>>;
  /** Upsert: the document was absent when read, or it was not read and this is its first folded write. */
  readonly insert: boolean;
  readonly change: { readonly kind: 'upsert'; readonly update: Document } | { readonly kind: 'replace'; readonly document: Document };
  readonly writes: readonly W[];
}

export function guardStateOf(document: Document | undefined): GuardState {
  const guards = new Map<string, string>();
  if (typeof document?.[positionField] === 'string') guards.set(positionField, document[positionField]);
  const lanes = document?.[lanesField] as Document | undefined;
  for (const [lane, position] of Object.entries(lanes ?? {})) if (typeof position === 'string') guards.set(`${lanesField}.${lane}`, position);
  return { exists: document !== undefined, guards };
}

/**
 * Drops the writes the document has applied (per lane; nothing when it was not read: `read` null)
 * and folds the rest, in order, into as few
 * writes as the operators allow: $inc sums, the last $set wins, the first write's $setOnInsert
 * (a later one could never insert), $min/$max keep the extreme, $push/$addToSet append with
 * $each in order, a replace resets what came before it. Where operators of different writes meet
 * on one path in a way one update cannot express (say $set then $inc of the same field, or a
 * field and its parent), the fold starts a second write, as it does after a replace.
 */
export function foldDocument<W extends ProjectionWrite>(writes: readonly W[], read: GuardState | null): FoldedWrite<W>[] {
  const guards = new Map(read?.guards ?? []);
  let exists = read?.exists ?? false;
  const expect = (field: string, position: string): Expected => (guards.has(field) ? { is: guards.get(field)! } : read ? { is: null } : { below: position });
  const folded: FoldedWrite<W>[] = [];
  let current: Accumulator<W> | null = null;
  for (const write of writes) {
    const field = guardFieldOf(write);
    const position = encodePosition(write.position);
    const applied = guards.get(field);
    if (applied !== undefined && applied >= position) continue;
    const before = expect(field, position);
    if (write.kind === 'replace') {
      const expected = { [positionField]: expect(positionField, position), ...current?.expected };
      folded.push({ id: write.id, expected, insert: current?.insert ?? !exists, change: { kind: 'replace', document: { ...write.document, [positionField]: position } }, writes: [...(current?.writes ?? []), write] });
      current = null;
      for (const guard of [...guards.keys()]) if (guard !== positionField) guards.delete(guard);
    } else if (!current?.merge(write, field, before)) {
      if (current) folded.push(current.result());
      current = new Accumulator<W>(write.id, !exists);
      if (!current.merge(write, field, before)) {
        folded.push({ id: write.id, expected: { [field]: before }, insert: !exists, change: { kind: 'upsert', update: { ...write.update, $set: { ...write.update.$set, [field]: position } } }, writes: [write] });
        current = null;
      }
    }
    guards.set(field, position);
    exists = true;
  }
  if (current) folded.push(current.result());
  return folded;
}

type Operator = keyof GuardedUpdate;

class Accumulator<W extends ProjectionWrite> {
  readonly expected: Record<string, Expected> = {};
  private readonly ops = new Map<Operator, Map<string, unknown>>();
  private readonly owner = new Map<string, Operator>();
  private readonly guardsSet = new Map<string, string>();
  readonly writes: W[] = [];

  constructor(
    private readonly id: DocumentId,
    readonly insert: boolean,
  ) {}

  /** Folds the write in, or returns false (changing nothing) when one update cannot express both. */
  merge(write: W, guard: string, before: Expected): boolean {
    if (write.kind !== 'upsert') return false;
    const first = this.writes.length === 0;
    const staged: [Operator, string, unknown][] = [];
    const dropped: string[] = [];
    for (const [operator, fields] of Object.entries(write.update) as [Operator, Document | undefined][]) {
      if (!fields) continue;
      for (const [path, value] of Object.entries(fields)) {
        if (operator === '$setOnInsert' && !first) continue;
        const merged = this.combine(operator, path, value, first);
        if (merged === null) return false;
        if (merged.drop) dropped.push(path);
        staged.push([operator, path, merged.value]);
      }
    }
    for (const path of dropped) {
      const owner = this.owner.get(path);
      if (owner) this.ops.get(owner)?.delete(path);
      this.owner.delete(path);
    }
    for (const [operator, path, value] of staged) {
      const fields = this.ops.get(operator) ?? new Map<string, unknown>();
      this.ops.set(operator, fields);
      fields.set(path, value);
      this.owner.set(path, operator);
    }
    if (!(guard in this.expected)) this.expected[guard] = before;
    this.guardsSet.set(guard, encodePosition(write.position));
    this.writes.push(write);
    return true;
  }

  /** The value the path takes in the folded update, whether an earlier operator's entry goes, or null for "cannot fold". */
  private combine(operator: Operator, path: string, value: unknown, first: boolean): { value: unknown; drop: boolean } | null {
    for (const other of this.owner.keys()) {
      if (other !== path && (other.startsWith(`${path}.`) || path.startsWith(`${other}.`))) return null;
    }
    const owner = this.owner.get(path);
    if (owner === undefined) {
      if (operator !== '$push' && operator !== '$addToSet') return { value, drop: false };
      const each = eachOf(value);
      return each === null ? null : { value: each, drop: false };
    }
    const earlier = this.ops.get(owner)?.get(path);
    if (owner !== operator) return operator === '$set' ? { value, drop: true } : null;
    switch (operator) {
      case '$set':
        return { value, drop: false };
      case '$setOnInsert':
        return first ? { value, drop: false } : { value: earlier, drop: false };
      case '$inc':
        return typeof earlier === 'number' && typeof value === 'number' ? { value: earlier + value, drop: false } : null;
      case '$min':
      case '$max': {
        const order = compare(earlier, value);
        if (order === null) return null;
        return { value: (operator === '$min' ? order <= 0 : order >= 0) ? earlier : value, drop: false };
      }
      case '$push':
      case '$addToSet': {
        const more = eachOf(value);
        return Array.isArray(earlier) && more !== null ? { value: [...earlier, ...more], drop: false } : null;
      }
      default:
        return null;
    }
  }

  result(): FoldedWrite<W> {
    const update: Document = {};
    for (const [operator, fields] of this.ops) {
      if (fields.size === 0) continue;
      const entries = [...fields].map(([path, value]) => [path, operator === '$push' || operator === '$addToSet' ? { $each: value } : value] as const);
      update[operator] = Object.fromEntries(entries);
    }
    update.$set = { ...(update.$set as Document | undefined), ...Object.fromEntries(this.guardsSet) };
    return { id: this.id, expected: this.expected, insert: this.insert, change: { kind: 'upsert', update }, writes: this.writes };
  }
}

/** `$push`/`$addToSet` values as a list; null for modifiers other than $each, which cannot be concatenated. */
function eachOf(value: unknown): unknown[] | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Date) return [value];
  const keys = Object.keys(value);
  if (!keys.some((key) => key.startsWith('$'))) return [value];
  const each = (value as { $each?: unknown }).$each;
  return keys.length === 1 && Array.isArray(each) ? [...each] : null;
}

function compare(a: unknown, b: unknown): number | null {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  return null;
}

/**
 * The folded write as a bulk operation. Without upsert a miss matches nothing; with upsert (a
 * document read as absent, or not read) a miss collides on _id (11000).
 */
export function toFoldedModel(folded: FoldedWrite): AnyBulkWriteOperation {
  const filter: Document = { _id: folded.id };
  for (const [field, expected] of Object.entries(folded.expected)) {
    filter[field] = 'below' in expected ? { $not: { $gte: expected.below } } : expected.is === null ? { $exists: false } : expected.is;
  }
  return folded.change.kind === 'replace'
    ? { replaceOne: { filter, replacement: folded.change.document, upsert: folded.insert } }
    : { updateOne: { filter, update: folded.change.update, upsert: folded.insert } };
}
