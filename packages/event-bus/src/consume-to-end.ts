import type { Admin, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';

export interface ConsumeToEndOptions {
  readonly kafka: Kafka;
  readonly admin: Admin;
  /** The group whose committed offsets say where the previous run stopped. */
  readonly groupId: string;
  /**
   * Only read, leaving `groupId`'s offsets as they are: the messages are consumed by this
   * throwaway group instead, which is deleted afterwards.
   */
  readonly readOnlyGroupId?: string;
  readonly topic: string;
  readonly timeoutMs: number;
  /** Gets each partition's messages in order; their offsets are committed after it resolves. */
  readonly handle: (partition: number, messages: readonly KafkaMessage[], heartbeat: () => Promise<void>) => Promise<void>;
}

/**
 * Consumes `topic` from the group's committed offsets up to its end as of the start (what is
 * produced meanwhile, a message parked again for one, is left for the next run), committing as it
 * goes, so a run that fails midway resumes after what it handled. Resolves once every partition
 * reached that end.
 */
export async function consumeToEnd(options: ConsumeToEndOptions): Promise<void> {
  const { kafka, admin, groupId, topic } = options;
  const ranges = await pendingRanges(admin, groupId, topic);
  const ends = new Map([...ranges].map(([partition, { end }]) => [partition, end]));
  if (ends.size === 0) return;
  const readOnly = options.readOnlyGroupId;
  const consumer = kafka.consumer({ groupId: readOnly ?? groupId });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let timer: NodeJS.Timeout | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`consuming ${topic} did not reach its end within ${options.timeoutMs} ms`)), options.timeoutMs);
      const eachBatch = async ({ batch, resolveOffset, commitOffsetsIfNecessary, heartbeat }: EachBatchPayload) => {
        const end = ends.get(batch.partition);
        if (end === undefined) return;
        const from = ranges.get(batch.partition)?.from ?? 0n;
        const messages = batch.messages.filter((message) => BigInt(message.offset) >= from && BigInt(message.offset) < end);
        const last = messages.at(-1);
        if (last) {
          await options.handle(batch.partition, messages, heartbeat);
          // Resolved after the commit, as in consumeInParts: a part whose commit failed is delivered again.
          if (!readOnly) await commitOffsetsIfNecessary({ topics: [{ topic, partitions: [{ partition: batch.partition, offset: String(BigInt(last.offset) + 1n) }] }] });
          resolveOffset(last.offset);
        }
        if (BigInt(last?.offset ?? batch.lastOffset()) + 1n >= end) ends.delete(batch.partition);
        if (ends.size === 0) resolve();
      };
      consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch }).catch(reject);
    });
  } finally {
    clearTimeout(timer);
    await consumer.stop();
    await consumer.disconnect();
    if (readOnly) await admin.deleteGroups([readOnly]).catch(() => undefined);
  }
}

/** partition -> [from, end) offsets, for the partitions with messages this group has not consumed yet. */
async function pendingRanges(admin: Admin, groupId: string, topic: string): Promise<Map<number, { from: bigint; end: bigint }>> {
  const [watermarks, committed] = await Promise.all([admin.fetchTopicOffsets(topic), admin.fetchOffsets({ groupId, topics: [topic] })]);
  const ranges = new Map<number, { from: bigint; end: bigint }>();
  for (const { partition, low, high } of watermarks) {
    const offset = committed[0]?.partitions.find((entry) => entry.partition === partition)?.offset ?? '-1';
    const from = offset === '-1' || BigInt(offset) < BigInt(low) ? BigInt(low) : BigInt(offset);
    if (from < BigInt(high)) ranges.set(partition, { from, end: BigInt(high) });
  }
  return ranges;
}
