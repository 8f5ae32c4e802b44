import type { GlobalPosition } from '@ctp/contracts';
import type { Admin } from 'kafkajs';
import type { Checkpoints } from '../storage/checkpoints.js';

/** Everything known about one partition of a projection's topics. */
export interface PartitionProgress {
  readonly topic: string;
  readonly partition: number;
  readonly lowWatermark: string;
  readonly highWatermark: string;
  /** The consumer group's committed offset (the next to read), null when never committed. */
  readonly committedOffset: string | null;
  /** From the checkpoint, saved after the batch's write and before the commit. */
  readonly nextOffset: string | null;
  readonly lastAppliedPosition: GlobalPosition | null;
  readonly updatedAt: Date | null;
}

/** Watermarks are read before checkpoints: progress read later can only be further on. */
export async function readProgress(admin: Admin, checkpoints: Checkpoints, groupId: string, topics: readonly string[]): Promise<PartitionProgress[]> {
  const watermarks = await Promise.all(topics.map(async (topic) => ({ topic, partitions: await admin.fetchTopicOffsets(topic) })));
  const [committed, saved] = await Promise.all([admin.fetchOffsets({ groupId, topics: [...topics] }), checkpoints.all()]);
  const committedOf = (topic: string, partition: number) => {
    const offset = committed.find((entry) => entry.topic === topic)?.partitions.find((entry) => entry.partition === partition)?.offset;
    return offset === undefined || offset === '-1' ? null : offset;
  };
  return watermarks.flatMap(({ topic, partitions }) =>
    partitions
      .map((entry) => {
        const checkpoint = saved.find((candidate) => candidate.topic === topic && candidate.partition === entry.partition);
        return {
          topic,
          partition: entry.partition,
          lowWatermark: entry.low,
          highWatermark: entry.high,
          committedOffset: committedOf(topic, entry.partition),
          nextOffset: checkpoint?.nextOffset ?? null,
          lastAppliedPosition: checkpoint?.position ?? null,
          updatedAt: checkpoint?.updatedAt ?? null,
        };
      })
      .sort((a, b) => a.partition - b.partition),
  );
}
