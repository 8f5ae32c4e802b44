import type { Category, RecordedEvent } from '@ctp/contracts';
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { ensureTopicNames } from './ensure-topics.js';
import { fromKafkaMessage } from './kafka-message.js';
import type { TopicNaming } from './topics.js';

export interface ReactorOptions {
  /** Names the consumer group `<prefix>.reactor.<name>`. */
  readonly name: string;
  readonly kafka: Kafka;
  readonly naming: TopicNaming;
  readonly categories: readonly Category[];
  /**
   * Gets each partition's batch in stream order. Offsets commit only after it resolves; if it
   * throws, the batch is delivered again, so it must be idempotent.
   */
  readonly handle: (events: readonly RecordedEvent[], heartbeat: () => Promise<void>) => Promise<void>;
  readonly onError?: (error: unknown) => void;
  readonly partitions?: number;
  readonly maxWaitTimeMs?: number;
}

export interface Reactor {
  readonly name: string;
  readonly groupId: string;
  start(): Promise<void>;
  /** Finishes the batch in hand and commits it. */
  stop(): Promise<void>;
  status(): { state: 'stopped' | 'running' | 'crashed'; error: string | null };
}

/** A Kafka consumer group that reacts to events (design rule 8): at-least-once, in order per stream. */
export function createReactor(options: ReactorOptions): Reactor {
  const groupId = `${options.naming.prefix ?? 'ctp'}.reactor.${options.name}`;
  const topics = options.categories.map((category) => options.naming.events(category));
  let consumer: Consumer | null = null;
  let crash: string | null = null;

  const eachBatch = async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isStale }: EachBatchPayload) => {
    if (batch.isEmpty() || isStale()) return;
    try {
      await options.handle(batch.messages.map(fromKafkaMessage), heartbeat);
    } catch (error) {
      options.onError?.(error);
      throw error;
    }
    resolveOffset(batch.lastOffset());
    // Without autoCommit, the argument-less form never commits: a restart would replay every topic from the start.
    const next = (BigInt(batch.lastOffset()) + 1n).toString();
    await commitOffsetsIfNecessary({ topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: next }] }] });
  };

  return {
    name: options.name,
    groupId,
    async start() {
      if (consumer) return;
      const admin = options.kafka.admin();
      await admin.connect();
      await ensureTopicNames(admin, topics, { partitions: options.partitions ?? 3 }).finally(() => admin.disconnect());
      consumer = options.kafka.consumer({ groupId, maxWaitTimeInMs: options.maxWaitTimeMs ?? 1_000 });
      crash = null;
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        if (!payload.restart) crash = payload.error.message;
      });
      await consumer.connect();
      await consumer.subscribe({ topics, fromBeginning: true });
      await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch });
    },
    async stop() {
      const running = consumer;
      consumer = null;
      await running?.stop();
      await running?.disconnect();
    },
    status() {
      return { state: crash !== null ? 'crashed' : consumer ? 'running' : 'stopped', error: crash };
    },
  };
}
