import { compareGlobalPositions, type GlobalPosition } from '@ctp/contracts';

export interface PointerView {
  readonly active: number;
  readonly builtThrough: GlobalPosition | null;
  readonly building: { readonly version: number; readonly readyThrough: GlobalPosition | null } | null;
}

export interface PartitionView {
  readonly version: number;
  readonly position: GlobalPosition | null;
}

export type RoutePlan =
  | { readonly kind: 'write'; readonly version: number; readonly adoptFrom: number | null; readonly versions: readonly number[] }
  | { readonly kind: 'stranded'; readonly version: number };

/**
 * Which versions a partition writes. A partition may move to a newer version only once that
 * version holds every event the partition's documents had before the partition's next one: the
 * rebuild has reached the partition's checkpoint position, or, for a partition without one, the
 * first position of the batch in hand. From then on the partition's events continue where the
 * rebuild's left off, and no document sees an event after a later one. While a rebuild is under
 * way, the partition writes both its new version and the active one, which keeps answering queries.
 */
export function planRoute(pointer: PointerView, partition: PartitionView | null, firstPosition: GlobalPosition | null): RoutePlan {
  const position = partition?.position ?? firstPosition;
  const covers = (through: GlobalPosition | null) => through !== null && position !== null && compareGlobalPositions(through, position) >= 0;
  const building = pointer.building;
  let version = partition?.version ?? pointer.active;
  if (version !== pointer.active && version !== building?.version) {
    if (version > pointer.active || covers(pointer.builtThrough)) version = pointer.active;
    else if (position === null) return { kind: 'write', version, adoptFrom: null, versions: [] };
    else return { kind: 'stranded', version };
  }
  if (building && version < building.version && covers(building.readyThrough)) version = building.version;
  return {
    kind: 'write',
    version,
    adoptFrom: partition && partition.version !== version ? partition.version : null,
    versions: version === pointer.active ? [version] : [version, pointer.active],
  };
}
