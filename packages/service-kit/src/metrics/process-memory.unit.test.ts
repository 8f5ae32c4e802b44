import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { oldGenerationBytes, processMemory } from './process-memory.js';

setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;
const megabyte = 1024 * 1024;

/** A major collection, then the memory once the watcher has seen it. */
async function afterMajorCollection() {
  const before = processMemory().majorCollections;
  collect();
  for (let turn = 0; turn < 1_000 && processMemory().majorCollections === before; turn += 1) await new Promise((resolve) => setImmediate(resolve));
  return processMemory();
}

describe('the process memory', () => {
  it('counts the old generation only: the young one is emptied by every scavenge', () => {
    const spaces = [
      { space_name: 'new_space', space_used_size: 5 },
      { space_name: 'old_space', space_used_size: 100 },
      { space_name: 'code_space', space_used_size: 20 },
      { space_name: 'large_object_space', space_used_size: 300 },
      { space_name: 'new_large_object_space', space_used_size: 7 },
    ];
    expect(oldGenerationBytes(spaces)).toBe(420);
  });

  it('reports what the last major collection left alive: it grows with what is kept and falls when it is let go', async () => {
    const start = await afterMajorCollection();
    expect(start.rssBytes).toBeGreaterThan(0);
    expect(start.liveHeapBytes).not.toBeNull();
    let kept: number[][] | null = Array.from({ length: 64 }, (_, index) => Array.from({ length: 128 * 1024 }, () => index + 0.5));
    const holding = await afterMajorCollection();
    expect(holding.majorCollections).toBeGreaterThan(start.majorCollections);
    expect(holding.liveHeapBytes! - start.liveHeapBytes!).toBeGreaterThan(48 * megabyte);
    expect(kept.length).toBe(64);
    kept = null;
    const released = await afterMajorCollection();
    expect(holding.liveHeapBytes! - released.liveHeapBytes!).toBeGreaterThan(48 * megabyte);
  });
});
