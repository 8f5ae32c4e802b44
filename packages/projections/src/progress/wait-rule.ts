import { compareGlobalPositions, type GlobalPosition } from '@ctp/contracts';
import type { PartitionProgress } from './partition-progress.js';

/**
 * Whether a projection has passed `target`. Partitions are consumed independently, so one
 * partition being past `target` says nothing of the others. The rule:
 *   1. the event at `target` has been published (the relay's checkpoint `published` >= target),
 *      so it is in Kafka if it belongs to one of the projection's topics; and
 *   2. every partition of those topics has applied a position >= target, or has consumed up to a
 *      high watermark read after (1) was seen, so the event, were it there, is behind it.
 * Parked events count as passed: they were consumed and wait in the dead-letter topic.
 */
export function hasPassed(target: GlobalPosition, published: GlobalPosition | null, partitions: readonly PartitionProgress[]): boolean {
  if (published === null || compareGlobalPositions(published, target) < 0) return false;
  return partitions.every((partition) => {
    const applied = partition.lastAppliedPosition;
    if (applied !== null && compareGlobalPositions(applied, target) >= 0) return true;
    const consumed = partition.nextOffset ?? partition.committedOffset ?? partition.lowWatermark;
    return BigInt(consumed) >= BigInt(partition.highWatermark);
  });
}
