import { compareGlobalPositions, type GlobalPosition } from '@ctp/contracts';
import type { Checkpoint, Checkpoints } from '../storage/checkpoints.js';

/**
 * A partition moves to the rebuilt version once the rebuild has applied everything the partition
 * had applied. Partitions that are consuming move by themselves (see planRoute); this moves the
 * rest, idle or stopped ones included, with a flip that only succeeds if the checkpoint is still
 * as read. Returns the partitions that still hold events beyond the rebuild's position.
 */
export async function moveCoveredPartitions(checkpoints: Checkpoints, version: number, position: GlobalPosition | null): Promise<Checkpoint[]> {
  const behind: Checkpoint[] = [];
  for (const checkpoint of await checkpoints.all()) {
    if (checkpoint.version >= version || checkpoint.position === null) continue;
    const covered = position !== null && compareGlobalPositions(checkpoint.position, position) <= 0;
    if (!covered || !(await checkpoints.flip(checkpoint, version))) behind.push(checkpoint);
  }
  return behind;
}
