import type { Category, RecordedEvent } from '@ctp/contracts';
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { consumeInParts, consumerConfigOf, defaultBatchPacing, type BatchPacing, type MemberTiming } from './batch-parts.js';
import { BlockedStreams } from './blocked-streams.js';
import { watchConsumerEnd, type ConsumerEnd } from './consumer-end.js';
import { ConsumerHealth, type ConsumerStatusReport } from './consumer-health.js';
import { produceDeadLetters, type Parcel } from './dead-letter.js';
import { ensureGroupCoordinator, ensureTopicNames } from './ensure-topics.js';
import { decodeMessages, react, type ReactionDeps } from './reaction.js';
import { blockParkedStreams, redriveReactor, type ReactorRedriveResult } from './reactor-redrive.js';
import { isRetriable } from './retriable.js';
import { defaultRetryPolicy, sleep, type RetryPolicy } from './retry-policy.js';
import type { TopicNaming } from './topics.js';

export interface ReactorOptions extends MemberTiming {
  /** Names the consumer group `<prefix>.reactor.<name>`. */
  readonly name: string;
  readonly kafka: Kafka;
  readonly naming: TopicNaming;
  readonly categories: readonly Category[];
  /**
   * Gets each partition's batch in stream order, in parts of at most `pacing.maxMessagesPerPart`;
   * after a failure, the part's events one by one. It must be idempotent: a part is delivered again
   * after a retriable error, and the events of a failed part are handled again one by one.
   */
  readonly handle: (events: readonly RecordedEvent[], heartbeat: () => Promise<void>) => Promise<void>;
  /** A part, its commit or a heartbeat that failed (the rest of the batch is delivered again), or a dead letter that could not be produced. */
  readonly onError?: (error: unknown) => void;
  /** Events parked in the dead-letter topic `naming.deadLetter('reactor.<name>')`, with why. */
  readonly onParked?: (parcels: readonly Parcel[]) => void;
  /** Tries of an event that fails alone before it is parked, and the pauses between; default 3 tries. */
  readonly retry?: RetryPolicy;
  /** Errors never parked (the part is delivered again until they pass); default: a server not there or gone (isRetriable). */
  readonly isRetriable?: (error: unknown) => boolean;
  /** The clock of the dead letters' parked-at time (default: the process clock). */
  readonly now?: () => Date;
  readonly partitions?: number;
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
  /** The topic the reactor parks events in. */
  readonly deadLetterTopic: string;
  /** Hands the parked events to the handler again (see redriveReactor); runs beside the started reactor. */
  redrive(options?: { timeoutMs?: number }): Promise<ReactorRedriveResult>;
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
  const consumerName = `reactor.${options.name}`;
  const deadLetterTopic = options.naming.deadLetter(consumerName);
  const redriveGroupId = `${groupId}.redrive`;
  const producer: Producer = options.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const now = options.now ?? (() => new Date());
  const deps: ReactionDeps = {
    handle: options.handle,
    retry: options.retry ?? defaultRetryPolicy,
    isRetriable: options.isRetriable ?? isRetriable,
    blocked: new BlockedStreams(),
    park: (parcels) => produceDeadLetters(producer, deadLetterTopic, consumerName, parcels, now()),
    sleep,
  };

  const eachBatch = async (payload: EachBatchPayload) => {
    if (payload.batch.isEmpty() || payload.isStale()) return;
    const { topic, partition } = payload.batch;
    const handlePart = async (messages: readonly KafkaMessage[]) => {
      const { deliveries, undecodable } = decodeMessages(topic, partition, messages);
      const parked = await react(deps, deliveries, undecodable, payload.heartbeat);
      if (parked.length > 0) options.onParked?.(parked);
    };
    // A failed part, commit or heartbeat alike: kafkajs logs none of them.
    await consumeInParts(payload, pacing, handlePart, health).catch((error: unknown) => {
      options.onError?.(error);
      throw error;
    });
  };

  return {
    name: options.name,
    groupId,
    async start() {
      if (consumer) return;
      const admin = options.kafka.admin();
      try {
        await admin.connect();
        await ensureTopicNames(admin, [...topics, deadLetterTopic], { partitions: options.partitions ?? 3 });
        await ensureGroupCoordinator(admin, groupId);
        await blockParkedStreams({ kafka: options.kafka, admin, groupId: redriveGroupId, topic: deadLetterTopic, blocked: deps.blocked, timeoutMs: 60_000 });
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
        await producer.connect();
        await starting.connect();
        await starting.subscribe({ topics, fromBeginning: true });
        await starting.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch });
      } catch (error) {
        await starting.disconnect().catch(() => undefined);
        await producer.disconnect().catch(() => undefined);
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
      await producer.disconnect();
    },
    deadLetterTopic,
    async redrive(redriveOptions = {}) {
      const admin = options.kafka.admin();
      await admin.connect();
      try {
        await ensureTopicNames(admin, [deadLetterTopic], { partitions: options.partitions ?? 3 });
        await producer.connect();
        return await redriveReactor({ kafka: options.kafka, admin, groupId: redriveGroupId, topic: deadLetterTopic, deps, timeoutMs: redriveOptions.timeoutMs ?? 60_000 });
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
    },
    ended: () => end?.promise ?? Promise.resolve(),
    status() {
      return health.report(crash !== null ? 'crashed' : consumer ? 'running' : 'stopped', crash);
    },
  };
}
