import type { Category } from '@ctp/contracts';
import type { Admin } from 'kafkajs';
import { isRetriable } from './retriable.js';
import { defaultTopicNaming, type TopicNaming } from './topics.js';

export interface EnsureTopicsOptions {
  /** Default 3. */
  readonly partitions?: number;
  /** Default: the broker's default.replication.factor. */
  readonly replicationFactor?: number;
  readonly naming?: TopicNaming;
  /** How long to wait for every partition to have a leader; default 30 s. */
  readonly leaderTimeoutMs?: number;
}

/** Creates the event topic of each category unless it exists; returns the topics that were missing. */
export function ensureTopics(admin: Admin, categories: readonly Category[], options: EnsureTopicsOptions = {}): Promise<string[]> {
  const naming = options.naming ?? defaultTopicNaming;
  return ensureTopicNames(admin, categories.map((category) => naming.events(category)), options);
}

/**
 * Idempotent, also when another process creates the same topics at the same time. Returns only
 * once the broker reports a leader for every partition of every topic, so a consumer or producer
 * that comes next never meets UNKNOWN_TOPIC_OR_PARTITION or LEADER_NOT_AVAILABLE on a new broker.
 */
export async function ensureTopicNames(admin: Admin, topics: readonly string[], options: EnsureTopicsOptions = {}): Promise<string[]> {
  const wanted = [...new Set(topics)];
  const existing = new Set(await admin.listTopics());
  const missing = wanted.filter((topic) => !existing.has(topic));
  if (missing.length > 0) {
    await admin
      .createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({ topic, numPartitions: options.partitions ?? 3, replicationFactor: options.replicationFactor ?? -1 })),
      })
      .catch((error: unknown) => {
        // KafkaJS's own wait for leaders gives up early on a busy broker: the wait below takes over.
        if (!onlyAlreadyExists(error) && !isRetriable(error)) throw error;
      });
  }
  await waitForLeaders(admin, wanted, options.leaderTimeoutMs ?? 30_000);
  return missing;
}

export class TopicsNotReadyError extends Error {
  /** Read by the service kit: the broker is still settling, so start-up retries. */
  readonly retriable = true;
  constructor(readonly waitingFor: readonly string[]) {
    super(`no leader yet for ${waitingFor.join(', ')}`);
    this.name = 'TopicsNotReadyError';
  }
}

async function waitForLeaders(admin: Admin, topics: readonly string[], timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (let delayMs = 50; ; delayMs = Math.min(delayMs * 2, 1_000)) {
    const waitingFor = await leaderless(admin, topics);
    if (waitingFor.length === 0) return;
    if (performance.now() >= deadline) throw new TopicsNotReadyError(waitingFor);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
}

async function leaderless(admin: Admin, topics: readonly string[]): Promise<string[]> {
  const metadata = await admin.fetchTopicMetadata({ topics: [...topics] }).catch((error: unknown) => {
    if ((error as { retriable?: unknown }).retriable === true) return null;
    throw error;
  });
  if (metadata === null) return [...topics];
  return metadata.topics.flatMap(({ name, partitions }) =>
    partitions.length === 0 ? [name] : partitions.filter((partition) => partition.leader < 0 || partition.partitionErrorCode !== 0).map((partition) => `${name}/${partition.partitionId}`),
  );
}

function onlyAlreadyExists(error: unknown): boolean {
  const errors = (error as { errors?: unknown }).errors;
  const causes = Array.isArray(errors) && errors.length > 0 ? errors : [error];
  return causes.every((cause) => (cause as { type?: unknown }).type === 'TOPIC_ALREADY_EXISTS');
}

/**
 * Asks for the consumer group's coordinator, which a new broker has only once its offsets topic
 * exists: a consumer joining before that crashes with "Failed to find group coordinator". Throws
 * (retriably) while there is none yet.
 */
export async function ensureGroupCoordinator(admin: Admin, groupId: string): Promise<void> {
  await admin.describeGroups([groupId]);
}
