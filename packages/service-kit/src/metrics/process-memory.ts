import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';
import { gcTypeOf } from './runtime-metrics.js';

/** The process's memory as `GET /v1/admin/status` reports it. */
export interface ProcessMemory {
  /** Resident set size: what the operating system holds for the process. */
  readonly rssBytes: number;
  /** V8's heap in use now, garbage not yet collected included. */
  readonly heapUsedBytes: number;
  /**
   * The old generation as the last major collection left it: the objects that survived it (plus those promoted since),
   * so what a leak makes grow; null before the first major collection.
   */
  readonly liveHeapBytes: number | null;
  /** Major collections seen since the watcher started (`watchMajorCollections`, when the admin routes are set up). */
  readonly majorCollections: number;
}

/** Spaces of the young generation: emptied by every scavenge, so not part of what survives. */
const youngSpaces = new Set(['new_space', 'new_large_object_space']);

/** The old generation's bytes in use (every heap space but the young generation's). */
export const oldGenerationBytes = (spaces: readonly { space_name: string; space_used_size: number }[]): number =>
  spaces.filter(({ space_name }) => !youngSpaces.has(space_name)).reduce((sum, { space_used_size }) => sum + space_used_size, 0);

let observed: { liveHeapBytes: number | null; majorCollections: number } | null = null;

/** Watches the process's major collections from now on (garbage collection is the process's, so one watcher per process; later calls return it). */
export function watchMajorCollections() {
  if (observed === null) {
    const state = { liveHeapBytes: null as number | null, majorCollections: 0 };
    // The entry is delivered just after the collection: the old generation then holds what survived it, and only promotions since.
    new PerformanceObserver((entries) => {
      const majors = entries.getEntries().filter((entry) => gcTypeOf(entry) === 'major').length;
      if (majors === 0) return;
      state.majorCollections += majors;
      state.liveHeapBytes = oldGenerationBytes(getHeapSpaceStatistics());
    }).observe({ entryTypes: ['gc'] });
    observed = state;
  }
  return observed;
}

/** The process's memory now, and what its last major collection left alive. */
export function processMemory(): ProcessMemory {
  const { liveHeapBytes, majorCollections: collections } = watchMajorCollections();
  const { rss, heapUsed } = process.memoryUsage();
  return { rssBytes: rss, heapUsedBytes: heapUsed, liveHeapBytes, majorCollections: collections };
}
