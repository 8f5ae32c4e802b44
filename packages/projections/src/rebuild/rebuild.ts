import type { GlobalPosition } from '@ctp/contracts';
import type { EventStore } from '@ctp/event-store';
import type { Db } from 'mongodb';
import type { ProjectionDefinition } from '../definition.js';
import { RebuildError } from '../errors.js';
import { defaultRetryPolicy, type RetryPolicy } from '../processing/retry-policy.js';
import { dropCollections, ensureCollections } from '../storage/collections.js';
import { ensurePointer, physicalNames, versionPointers } from '../storage/version-pointer.js';
import { encodePosition } from '../writes/position-encoding.js';
import { StoreFeed } from './store-feed.js';

export type RebuildPhase = 'building' | 'handoff' | 'switched';

export interface RebuildProgress {
  readonly phase: RebuildPhase;
  readonly version: number;
  readonly position: GlobalPosition | null;
  readonly events: number;
}

export interface RebuildOptions {
  readonly db: Db;
  /** Events per readAll; default 1000. */
  readonly batchSize?: number;
  /** How long the live runtime may be held at the fence while the rebuild takes its last catch-up; default 60 s. */
  readonly handoffTimeoutMs?: number;
  readonly retry?: Partial<RetryPolicy>;
  /** Take over from a rebuild that died: its version is abandoned. */
  readonly force?: boolean;
  readonly onProgress?: (progress: RebuildProgress) => void | Promise<void>;
  readonly now?: () => Date;
}

export interface RebuildResult {
  readonly version: number;
  readonly previous: number;
  readonly position: GlobalPosition | null;
  readonly events: number;
  readonly durationMs: number;
}

/** The rebuild switches only this long before its fence expires, for the clocks of other hosts. */
const fenceMarginMs = (handoffTimeoutMs: number) => Math.min(10_000, handoffTimeoutMs / 4);

/**
 * Rebuilds a projection from the event store into new collections `<name>_v<N>` while the active
 * version keeps answering and the live runtime keeps writing it: catches up with the store, fences
 * the live runtime at that position (see planRoute), catches up once more and switches the pointer.
 * The rebuild is the only writer of version N until the switch, the live runtime after it. Fails
 * (abandoning version N, the active one untouched, the fence lifted) on a poison event or when the
 * last catch-up outlasts the fence.
 */
export async function rebuild<C extends string>(projection: ProjectionDefinition<C>, store: EventStore, options: RebuildOptions): Promise<RebuildResult> {
  const started = performance.now();
  const { db } = options;
  const now = options.now ?? (() => new Date());
  const pointers = versionPointers(db);
  const pointer = await ensurePointer(db, projection, now());
  if (pointer.building && !options.force) {
    throw new RebuildError('rebuild_in_progress', `${projection.name}: version ${pointer.building.version} is being rebuilt since ${pointer.building.startedAt.toISOString()}; pass force to take over`);
  }
  const version = pointer.latest + 1;
  await dropCollections(db, projection, version);
  await ensureCollections(db, projection, version);
  const building = { version, collections: physicalNames(projection, version), readyThrough: null, definitionVersion: projection.version, startedAt: now() };
  const begun = await pointers.updateOne({ _id: projection.name, latest: pointer.latest }, { $set: { latest: version, building } });
  if (begun.modifiedCount !== 1) throw new RebuildError('rebuild_in_progress', `${projection.name}: another rebuild began meanwhile`);

  const feed = new StoreFeed(projection, store, db, version, options.batchSize ?? 1_000, { ...defaultRetryPolicy, ...options.retry });
  const handoffTimeoutMs = options.handoffTimeoutMs ?? 60_000;
  const report = (phase: RebuildPhase, position: GlobalPosition | null) => options.onProgress?.({ phase, version, position, events: feed.events });
  const markReady = async ({ position }: { position: GlobalPosition | null }) => {
    const marked = await pointers.updateOne({ _id: projection.name, 'building.version': version }, { $set: { 'building.readyThrough': position === null ? null : encodePosition(position) } });
    if (marked.matchedCount !== 1) throw new RebuildError('superseded', `${projection.name}: the rebuild of version ${version} was taken over`);
    await report('building', position);
  };
  try {
    let position = await feed.catchUp(null, markReady);
    // Wall-clock time, not the injected clock (a service's business clock may be set elsewhere): the runtime holds to it.
    const fenceUntil = new Date(Date.now() + handoffTimeoutMs);
    const fenced = await pointers.updateOne(
      { _id: projection.name, 'building.version': version },
      { $set: { 'building.fence': { through: position === null ? null : encodePosition(position), until: fenceUntil } } },
    );
    if (fenced.matchedCount !== 1) throw new RebuildError('superseded', `${projection.name}: the rebuild of version ${version} was taken over`);
    await report('handoff', position);
    position = await feed.catchUp(position, markReady);
    if (Date.now() > fenceUntil.getTime() - fenceMarginMs(handoffTimeoutMs)) {
      throw new RebuildError('handoff_timeout', `${projection.name}: the last catch-up after the fence at ${position} took longer than the fence holds (${handoffTimeoutMs} ms)`);
    }
    const switched = await pointers.updateOne(
      { _id: projection.name, 'building.version': version },
      { $set: { active: version, collections: building.collections, builtThrough: position === null ? null : encodePosition(position), definitionVersion: projection.version, building: null, switchedAt: now() } },
    );
    if (switched.modifiedCount !== 1) throw new RebuildError('superseded', `${projection.name}: the rebuild of version ${version} was taken over`);
    await report('switched', position);
    return { version, previous: pointer.active, position, events: feed.events, durationMs: Math.round(performance.now() - started) };
  } catch (error) {
    await pointers.updateOne({ _id: projection.name, 'building.version': version }, { $set: { building: null } });
    throw error;
  }
}
