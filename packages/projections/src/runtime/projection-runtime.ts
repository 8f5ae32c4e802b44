import type { GlobalPosition } from '@ctp/contracts';
import { consumeInParts, consumerConfigOf, ConsumerHealth, defaultBatchPacing, defaultTopicNaming, ensureGroupCoordinator, ensureTopicNames, oneWriterAssigners, watchConsumerEnd, type BatchObserver, type ConsumerEnd, type BatchPacing, type ConsumerStatusReport, type MemberTiming, type TopicNaming } from '@ctp/event-bus';
import type { Admin, Consumer, EachBatchPayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import type { Db } from 'mongodb';
import type { ProjectionDefinition } from '../definition.js';
import { silentLogger, type ProjectionLogger } from '../errors.js';
import { defaultRetryPolicy, type RetryPolicy } from '../processing/retry-policy.js';
import { lagOf, type PartitionLag } from '../progress/lag.js';
import { readProgress } from '../progress/partition-progress.js';
import { PositionWaiter } from '../progress/position-waiter.js';
import { Checkpoints } from '../storage/checkpoints.js';
import { ensureCollections } from '../storage/collections.js';
import { ParkedStreams } from '../storage/parked-streams.js';
import { ensurePointer } from '../storage/version-pointer.js';
import { consumeBatch, type BatchDeps } from './consume-batch.js';
import { deadLetterParking, errorFields } from './parking.js';
import { redriveDeadLetters, type RedriveResult } from './redrive.js';

export interface ProjectionRuntimeOptions<C extends string> extends MemberTiming {
  readonly projection: ProjectionDefinition<C>;
  readonly kafka: Kafka;
  readonly db: Db;
  /**
   * Default `<naming prefix>.projection.<name>` (`ctp.projection.<name>` with the default naming):
   * runtimes on different prefixes in one cluster must not join one group, or the group leader
   * hands its own topics' partitions to members that never read them.
   */
  readonly groupId?: string;
  readonly naming?: TopicNaming;
  /** Partitions of topics this runtime has to create; default 3. */
  readonly partitions?: number;
  /** The relay's checkpoint; needed by waitForPosition. */
  readonly publishedPosition?: () => Promise<GlobalPosition | null>;
  readonly retry?: Partial<RetryPolicy>;
  readonly waitPollMs?: number;
  /** Parts of a batch (each written, checkpointed and committed on its own) and a batch's time budget. */
  readonly pacing?: Partial<BatchPacing>;
  /** status() reports the consumer down after this long without partitions, or with lag and no commit. Default 60 s. */
  readonly stalledAfterMs?: number;
  readonly logger?: ProjectionLogger;
  /** The wall clock (checkpoint times, stall detection, a rebuild's fence), not a business clock; default the process's. */
  readonly now?: () => Date;
}

export interface ProjectionRuntime {
  readonly name: string;
  readonly groupId: string;
  start(): Promise<void>;
  /** Finishes the batch in hand, commits it, disconnects. */
  stop(): Promise<void>;
  /**
   * crashed: the consumer stopped on an error kafkajs does not retry. `ready` is false also when it
   * has held no partitions, or had lag without committing, for `stalledAfterMs`; /ready should say so.
   */
  status(): ConsumerStatusReport;
  /** Rejects when the started consumer crashed on an error kafkajs does not restart from, so its owner can. */
  ended(): Promise<void>;
  lag(): Promise<PartitionLag[]>;
  waitForPosition(position: GlobalPosition, timeoutMs: number): Promise<void>;
  redrive(options?: { timeoutMs?: number }): Promise<RedriveResult>;
}

export function createProjectionRuntime<C extends string>(options: ProjectionRuntimeOptions<C>): ProjectionRuntime {
  const { projection, kafka, db } = options;
  const naming = options.naming ?? defaultTopicNaming;
  const groupId = options.groupId ?? `${naming.prefix ?? 'ctp'}.projection.${projection.name}`;
  const topics = projection.categories.map((category) => naming.events(category));
  const deadLetterTopic = naming.deadLetter(projection.name);
  const logger = options.logger ?? silentLogger;
  const now = options.now ?? (() => new Date());
  const retry = { ...defaultRetryPolicy, ...options.retry };
  const checkpoints = new Checkpoints(db, projection.name);
  const parkedStreams = new ParkedStreams(db, projection.name);
  const admin: Admin = kafka.admin();
  const producer: Producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const parking = deadLetterParking(producer, deadLetterTopic, projection.name, parkedStreams, now);
  const deps: BatchDeps<C> = { projection, db, checkpoints, parkedStreams, parking, retry, now };
  const waiter = new PositionWaiter(
    {
      published: () => (options.publishedPosition ?? missingPublishedPosition)(),
      partitions: () => readProgress(admin, checkpoints, groupId, topics),
    },
    projection.name,
    options.waitPollMs,
  );
  let consumer: Consumer | null = null;
  let crash: string | null = null;
  let end: ConsumerEnd | null = null;
  let connected: Promise<void> | null = null;
  // A failed attempt is forgotten, so start() can be retried while Kafka or Mongo are not up yet.
  const connect = () =>
    (connected ??= (async () => {
      await Promise.all([admin.connect(), producer.connect()]);
      await ensureTopicNames(admin, [...topics, deadLetterTopic], { partitions: options.partitions ?? 3 });
      const pointer = await ensurePointer(db, projection, now());
      await ensureCollections(db, projection, pointer.active);
      if (pointer.definitionVersion !== projection.version) {
        logger.warn({ projection: projection.name, built: pointer.definitionVersion, code: projection.version }, 'read model was built by another projection version; rebuild it');
      }
    })().catch((error: unknown) => {
      connected = null;
      throw error;
    }));

  const pacing = { ...defaultBatchPacing, ...options.pacing };
  const health = new ConsumerHealth(options.stalledAfterMs ?? 60_000, () => now().getTime());
  const observer: BatchObserver = {
    batchStarted: (batch) => health.batchStarted(batch),
    batchEnded: (batch) => health.batchEnded(batch),
    heartbeatFailed: (error) => health.heartbeatFailed(error),
    committed: (batch, nextOffset) => {
      health.committed(batch, nextOffset);
      waiter.notify();
    },
  };
  const consumerConfig = consumerConfigOf(groupId, options);

  /** A batch in parts: each part is written, checkpointed and committed before the next (consumeInParts). */
  const eachBatch = async (payload: EachBatchPayload) => {
    const { batch, heartbeat } = payload;
    if (batch.isEmpty() || payload.isStale()) return;
    const { topic, partition } = batch;
    const handlePart = async (messages: readonly KafkaMessage[]) => {
      const outcome = await consumeBatch(deps, { topic, partition, messages, lastOffset: messages.at(-1)!.offset }, heartbeat);
      if (outcome.parked > 0) logger.warn({ projection: projection.name, topic, partition, parked: outcome.parked }, 'parked events in the dead-letter topic');
    };
    // A failed part, commit or heartbeat alike: kafkajs logs none of them.
    await consumeInParts(payload, pacing, handlePart, observer).catch((error: unknown) => {
      logger.error({ projection: projection.name, topic, partition, error: errorFields(error) }, 'batch failed; it will be delivered again');
      throw error;
    });
  };

  return {
    name: projection.name,
    groupId,
    async start() {
      if (consumer) return;
      await connect();
      await ensureGroupCoordinator(admin, groupId);
      // One writer at a time per read model: every partition goes to one member, the other instances stand by, and one
      // partition at a time (FerretDB 1.24 loses concurrent updates of a document, and a document may be fed by several
      // streams). The member's age is wall-clock time, compared with other processes' members.
      const starting = kafka.consumer({ ...consumerConfig, partitionAssigners: oneWriterAssigners(Date.now()) });
      health.watch(starting);
      crash = null;
      end = watchConsumerEnd(starting);
      starting.on(starting.events.CRASH, ({ payload }) => {
        if (!payload.restart) crash = payload.error.message;
        logger.error({ projection: projection.name, error: payload.error.message, restart: payload.restart }, 'projection consumer crashed');
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
      if (connected) await Promise.all([admin.disconnect(), producer.disconnect()]);
      connected = null;
    },
    ended: () => end?.promise ?? Promise.resolve(),
    status() {
      return health.report(crash !== null ? 'crashed' : consumer ? 'running' : 'stopped', crash);
    },
    async lag() {
      await connect();
      return (await readProgress(admin, checkpoints, groupId, topics)).map(lagOf);
    },
    async waitForPosition(position, timeoutMs) {
      await connect();
      return waiter.waitFor(position, timeoutMs);
    },
    async redrive(redriveOptions = {}) {
      await connect();
      return redriveDeadLetters({ kafka, admin, groupId: `${groupId}.redrive`, topic: deadLetterTopic, deps, timeoutMs: redriveOptions.timeoutMs ?? 60_000 });
    },
  };
}

async function missingPublishedPosition(): Promise<never> {
  throw new Error('waitForPosition needs the relay checkpoint: pass publishedPosition to createProjectionRuntime');
}
