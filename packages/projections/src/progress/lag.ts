import type { GlobalPosition } from '@ctp/contracts';
import type { PartitionProgress } from './partition-progress.js';

export interface PartitionLag {
  readonly topic: string;
  readonly partition: number;
  readonly committedOffset: string | null;
  readonly highWatermark: string;
  /** Messages after the committed offset (or after the low watermark when nothing was committed). */
  readonly lag: number;
  readonly lastAppliedPosition: GlobalPosition | null;
  readonly updatedAt: Date | null;
}

export function lagOf(progress: PartitionProgress): PartitionLag {
  const low = BigInt(progress.lowWatermark);
  const high = BigInt(progress.highWatermark);
  const committed = progress.committedOffset === null ? low : BigInt(progress.committedOffset);
  const from = committed < low ? low : committed;
  return {
    topic: progress.topic,
    partition: progress.partition,
    committedOffset: progress.committedOffset,
    highWatermark: progress.highWatermark,
    lag: Number(high > from ? high - from : 0n),
    lastAppliedPosition: progress.lastAppliedPosition,
    updatedAt: progress.updatedAt,
  };
}
