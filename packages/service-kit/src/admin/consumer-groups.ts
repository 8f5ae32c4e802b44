import { fromDeadLetterMessage, fromKafkaMessage, consumeToEnd, type DeadLetter } from '@ctp/event-bus';
import type { Admin, Kafka } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import type { PartitionProgressLike } from '../read-models/read-model-status.js';

/** Per partition of `topics`: the group's committed offset, the high watermark and the messages in between. */
export async function groupLag(admin: Admin, groupId: string, topics: readonly string[]): Promise<PartitionProgressLike[]> {
  const partitions: PartitionProgressLike[] = [];
  const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
  for (const topic of topics) {
    const offsets = committed.find((entry) => entry.topic === topic)?.partitions ?? [];
    for (const { partition, low, high } of await admin.fetchTopicOffsets(topic)) {
      const offset = offsets.find((entry) => entry.partition === partition)?.offset ?? '-1';
      partitions.push({ topic, partition, committedOffset: offset === '-1' ? null : offset, highWatermark: high, lag: pending(offset, low, high), lastAppliedPosition: null });
    }
  }
  return partitions;
}

/** How many members the group has now (0 when no consumer of it runs anywhere). */
export async function groupMembers(admin: Admin, groupId: string): Promise<number> {
  const { groups } = await admin.describeGroups([groupId]);
  return groups[0]?.members.length ?? 0;
}

/** Dead letters not redriven yet: those after the redrive group's committed offsets. */
export async function parkedCount(admin: Admin, redriveGroupId: string, deadLetterTopic: string): Promise<number> {
  const lag = await groupLag(admin, redriveGroupId, [deadLetterTopic]);
  return lag.reduce((sum, partition) => sum + partition.lag, 0);
}

export interface ParkedLetter {
  readonly partition: number;
  readonly offset: string;
  readonly eventId: string | null;
  readonly eventType: string | null;
  readonly streamId: string | null;
  readonly globalPosition: string | null;
  readonly reason: DeadLetter['reason'] | 'unreadable';
  readonly error: { readonly name: string; readonly message: string } | null;
  readonly attempts: number | null;
  readonly blockedBy: string | null;
  readonly parkedAt: string | null;
}

/** The dead letters a redrive would take, read without moving the redrive's offsets, oldest first per partition. */
export async function parkedLetters(kafka: Kafka, admin: Admin, redriveGroupId: string, deadLetterTopic: string, limit: number): Promise<ParkedLetter[]> {
  const letters: ParkedLetter[] = [];
  await consumeToEnd({
    kafka,
    admin,
    groupId: redriveGroupId,
    readOnlyGroupId: `${redriveGroupId}.inspect.${randomUUID()}`,
    topic: deadLetterTopic,
    timeoutMs: 30_000,
    handle: async (partition, messages) => {
      for (const message of messages) if (letters.length < limit) letters.push(describeLetter(partition, message.offset, message));
    },
  });
  return letters;
}

function describeLetter(partition: number, offset: string, message: Parameters<typeof fromDeadLetterMessage>[0]): ParkedLetter {
  const at = { partition, offset };
  try {
    const { letter, original } = fromDeadLetterMessage(message);
    const event = readEvent(original);
    return { ...at, ...event, reason: letter.reason, error: { name: letter.error.name, message: letter.error.message }, attempts: letter.attempts, blockedBy: letter.blockedBy, parkedAt: letter.parkedAt };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ...at, eventId: null, eventType: null, streamId: null, globalPosition: null, reason: 'unreadable', error: { name: 'Error', message: reason }, attempts: null, blockedBy: null, parkedAt: null };
  }
}

function readEvent(original: Parameters<typeof fromKafkaMessage>[0]): Pick<ParkedLetter, 'eventId' | 'eventType' | 'streamId' | 'globalPosition'> {
  try {
    const event = fromKafkaMessage(original);
    return { eventId: event.id, eventType: event.type, streamId: event.streamId, globalPosition: event.globalPosition };
  } catch {
    return { eventId: null, eventType: null, streamId: null, globalPosition: null };
  }
}

function pending(offset: string, low: string, high: string): number {
  const from = offset === '-1' || BigInt(offset) < BigInt(low) ? BigInt(low) : BigInt(offset);
  return Number(BigInt(high) > from ? BigInt(high) - from : 0n);
}
