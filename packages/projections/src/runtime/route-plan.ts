import { compareGlobalPositions, type GlobalPosition } from '@ctp/contracts';

export interface PointerView {
  readonly active: number;
  readonly builtThrough: GlobalPosition | null;
  /** A rebuild about to switch: until `until`, the live runtime applies nothing after `through`. */
  readonly fence: { readonly through: GlobalPosition | null; readonly until: Date } | null;
}

export interface PartitionView {
  readonly version: number;
  readonly position: GlobalPosition | null;
}

export interface BatchView {
  readonly first: GlobalPosition | null;
  readonly last: GlobalPosition | null;
}

export type RoutePlan =
  | { readonly kind: 'write'; readonly version: number; readonly adoptFrom: number | null; readonly versions: readonly number[] }
  | { readonly kind: 'fenced'; readonly until: Date }
  | { readonly kind: 'stranded'; readonly version: number };

/**
 * Which version a partition writes. The live runtime writes only the active version; a rebuild is
 * the only writer of the version it builds until it switches (FerretDB 1.24 loses one of two updates
 * of a document written at once), so the switch is fenced: the rebuild has applied the store through
 * `fence.through`, the runtime holds back any batch reaching beyond it, the rebuild catches up with the
 * store once more (which holds every event a batch already in hand could carry) and switches with
 * `builtThrough` there. A partition then adopts the new version if `builtThrough` covers what it had
 * applied (its checkpoint, or the first event of its batch when it has none), its events continuing
 * where the rebuild's ended; a partition not covered is stranded rather than write into a version
 * lacking its events. A fence past its `until` (a rebuild that died) no longer holds.
 */
export function planRoute(pointer: PointerView, partition: PartitionView | null, batch: BatchView, now: Date): RoutePlan {
  const position = partition?.position ?? batch.first;
  const covered = pointer.builtThrough !== null && position !== null && compareGlobalPositions(pointer.builtThrough, position) >= 0;
  let version = partition?.version ?? pointer.active;
  if (version !== pointer.active) {
    if (version > pointer.active || covered) version = pointer.active;
    else if (position === null) return { kind: 'write', version, adoptFrom: null, versions: [] };
    else return { kind: 'stranded', version };
  }
  const { fence } = pointer;
  if (fence && now < fence.until && batch.last !== null && (fence.through === null || compareGlobalPositions(batch.last, fence.through) > 0)) {
    return { kind: 'fenced', until: fence.until };
  }
  return { kind: 'write', version, adoptFrom: partition && partition.version !== version ? partition.version : null, versions: [version] };
}
