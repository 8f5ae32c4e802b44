import type { Db } from 'mongodb';
import type { ProjectionDefinition } from '../definition.js';
import { ProjectionHandoffError } from '../errors.js';
import type { Checkpoints } from '../storage/checkpoints.js';
import { ensurePointer, physicalName, readPointer, type VersionPointer } from '../storage/version-pointer.js';
import { applyFolded } from '../writes/apply-folded.js';
import { applyRound, type WriteFailure } from '../writes/apply-round.js';
import type { ProjectionWrite } from '../writes/guarded-write.js';
import { decodePosition } from '../writes/position-encoding.js';
import { sleep } from '../processing/retry-policy.js';
import { planRoute, type BatchView, type PointerView, type RoutePlan } from './route-plan.js';

/** How often a batch held back by a rebuild's fence reads the pointer again. */
const fencePollMs = 100;

/**
 * Reads the pointer and the partition's checkpoint before each batch and moves the partition on when
 * it may; a batch reaching beyond a rebuild's fence waits here, heartbeating, until the rebuild has
 * switched or given up.
 */
export async function routePartition(
  db: Db,
  projection: ProjectionDefinition,
  checkpoints: Checkpoints,
  where: { readonly topic: string; readonly partition: number; readonly batch: BatchView },
  clock: { readonly now: () => Date; readonly heartbeat: () => Promise<void> },
): Promise<Extract<RoutePlan, { kind: 'write' }>> {
  const { topic, partition, batch } = where;
  for (let attempt = 0; attempt < 5; ) {
    const [pointer, checkpoint] = await Promise.all([pointerOf(db, projection), checkpoints.read(topic, partition)]);
    const plan = planRoute(pointerView(pointer), checkpoint, batch, clock.now());
    if (plan.kind === 'fenced') {
      await clock.heartbeat();
      await sleep(fencePollMs);
      continue;
    }
    if (plan.kind === 'stranded') {
      throw new ProjectionHandoffError(
        `${projection.name} ${topic}/${partition} applied events into version ${plan.version} after version ${pointer.active} was switched in without them; run the rebuild again`,
      );
    }
    if (plan.adoptFrom === null || !checkpoint || (await checkpoints.flip(checkpoint, plan.version))) return plan;
    attempt += 1;
  }
  throw new Error(`${projection.name} ${topic}/${partition}: the checkpoint kept changing while choosing a version`);
}

/** The runtime ensured the pointer when it connected; a batch only reads it (one lookup by _id), unless it is gone. */
async function pointerOf(db: Db, projection: ProjectionDefinition): Promise<VersionPointer> {
  return (await readPointer(db, projection.name)) ?? ensurePointer(db, projection);
}

export function pointerView(pointer: VersionPointer): PointerView {
  const position = (stored: string | null | undefined) => (stored === null || stored === undefined ? null : decodePosition(stored));
  const fence = pointer.building?.fence;
  return {
    active: pointer.active,
    builtThrough: position(pointer.builtThrough),
    fence: fence ? { through: position(fence.through), until: fence.until } : null,
  };
}

/** Applies a round to every version in turn, collection by collection. */
export function versionedWriter<C extends string>(db: Db, versions: readonly number[]) {
  return async (writes: readonly ProjectionWrite<C>[]): Promise<WriteFailure<ProjectionWrite<C>>[]> => {
    const failed = new Map<ProjectionWrite<C>, unknown>();
    const byCollection = groupByCollection(writes);
    for (const version of versions) {
      for (const [logical, group] of byCollection) {
        for (const failure of await applyRound(db.collection(physicalName(logical, version)), group)) {
          if (!failed.has(failure.write)) failed.set(failure.write, failure.error);
        }
      }
    }
    return [...failed].map(([write, error]) => ({ write, error }));
  };
}

/**
 * Writes a batch into every version, one folded write per document and collection (applyFolded);
 * returns the writes of the documents that must be written event by event instead.
 */
export function foldedWriter<C extends string>(db: Db, versions: readonly number[], heartbeat?: () => Promise<void>) {
  return async (writes: readonly ProjectionWrite<C>[]): Promise<ProjectionWrite<C>[]> => {
    const failed = new Set<ProjectionWrite<C>>();
    const byCollection = groupByCollection(writes);
    for (const version of versions) {
      for (const [logical, group] of byCollection) {
        for (const write of await applyFolded(db.collection(physicalName(logical, version)), group, heartbeat)) failed.add(write);
      }
    }
    return writes.filter((write) => failed.has(write));
  };
}

function groupByCollection<C extends string>(writes: readonly ProjectionWrite<C>[]): Map<string, ProjectionWrite<C>[]> {
  const byCollection = new Map<string, ProjectionWrite<C>[]>();
  for (const write of writes) {
    const group = byCollection.get(write.collection);
    if (group) group.push(write);
    else byCollection.set(write.collection, [write]);
  }
  return byCollection;
}
