import type { Category, RecordedEvent } from '@ctp/contracts';
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { consumeInParts, consumerConfigOf, defaultBatchPacing, type BatchPacing } from './batch-parts.js';
import { watchConsumerEnd, type ConsumerEnd } from './consumer-end.js';
import { ConsumerHealth, type ConsumerStatusReport } from './consumer-health.js';
import { ensureGroupCoordinator, ensureTopicNames } from './ensure-topics.js';
import { fromKafkaMessage } from './kafka-message.js';
import type { TopicNaming } from './topics.js';

export interface ReactorOptions {
  /** Names the consumer group `<prefix>.reactor.<name>`. */
  readonly name: string;
  readonly kafka: Kafka;
  readonly naming: TopicNaming;
  readonly categories: readonly Category[];
  /**
   * Gets each partition's batch in stream order, in parts of at most `pacing.maxMessagesPerPart`.
   * A part's offsets commit only after it resolves; if it throws, the part is delivered again, so
   * it must be idempotent.
   */
  readonly handle: (events: readonly RecordedEvent[], heartbeat: () => Promise<void>) => Promise<void>;
  readonly onError?: (error: unknown) => void;
  readonly partitions?: number;
  readonly maxWaitTimeMs?: number;
  /** kafkajs' sessionTimeout and heartbeatInterval; defaults 30,000 and 3,000 ms. */
  readonly sessionTimeoutMs?: number;
  readonly heartbeatIntervalMs?: number;
  readonly pacing?: Partial<BatchPacing>;
  /** status() reports the reactor down after this long without partitions, or with lag and no commit. Default 60 s. */
  readonly stalledAfterMs?: number;
}

export interface Reactor {
  readonly name: string;
  readonly groupId: string;
  start(): Promise<void>;
  /** Finishes the batch in hand and commits it. */
  stop(): Promise<void>;
  status(): ConsumerStatusReport;
  /** Rejects when the started consumer crashed on an error kafkajs does not restart from, so its owner can. */
  ended(): Promise<void>;
}

/** A Kafka consumer group that reacts to events (design rule 8): at-least-once, in order per stream. */
export function createReactor(options: ReactorOptions): Reactor {
  const groupId = `${options.naming.prefix ?? 'ctp'}.reactor.${options.name}`;
  const topics = options.categories.map((category) => options.naming.events(category));
  let consumer: Consumer | null = null;
  let crash: string | null = null;
  let end: ConsumerEnd | null = null;
  const pacing = { ...defaultBatchPacing, ...options.pacing };
  const health = new ConsumerHealth(options.stalledAfterMs ?? 60_000);
  const consumerConfig = consumerConfigOf(groupId, options);

  const eachBatch = async (payload: EachBatchPayload) => {
    if (payload.batch.isEmpty() || payload.isStale()) return;
    const handlePart = async (messages: readonly KafkaMessage[]) => {
      try {
        await options.handle(messages.map(fromKafkaMessage), payload.heartbeat);
      } catch (error) {
        options.onError?.(error);
        throw error;
      }
    };
    await consumeInParts(payload, pacing, handlePart, health);
  };

  return {
    name: options.name,
    groupId,
    async start() {
      if (consumer) return;
      const admin = options.kafka.admin();
      try {
        await admin.connect();
        await ensureTopicNames(admin, topics, { partitions: options.partitions ?? 3 });
        await ensureGroupCoordinator(admin, groupId);
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
      const starting = options.kafka.consumer(consumerConfig);
      health.watch(starting);
      crash = null;
      end = watchConsumerEnd(starting);
      starting.on(starting.events.CRASH, ({ payload }) => {
        if (!payload.restart) crash = payload.error.message;
      });
      try {
        await starting.connect();
        await starting.subscribe({ topics, fromBeginning: true });
        await starting.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch });
      } catch (error) {
        await starting.disconnect().catch(() => undefined);
        throw error;
      }
      consumer = starting;
    },
    async stop() {
      const running = consumer;
      consumer = null;
      end?.stopped();
      await running?.stop();
      await running?.disconnect();
    },
    ended: () => end?.promise ?? Promise.resolve(),
    status() {
      return health.report(crash !== null ? 'crashed' : consumer ? 'running' : 'stopped', crash);
    },
  };
}
