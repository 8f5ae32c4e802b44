import type { Category } from '@ctp/contracts';
import type { Admin } from 'kafkajs';
import { defaultTopicNaming, type TopicNaming } from './topics.js';

export interface EnsureTopicsOptions {
  /** Default 3. */
  readonly partitions?: number;
  /** Default: the broker's default.replication.factor. */
  readonly replicationFactor?: number;
  readonly naming?: TopicNaming;
}

/** Creates the event topic of each category unless it exists; returns the topics that were missing. */
export function ensureTopics(admin: Admin, categories: readonly Category[], options: EnsureTopicsOptions = {}): Promise<string[]> {
  const naming = options.naming ?? defaultTopicNaming;
  return ensureTopicNames(admin, categories.map((category) => naming.events(category)), options);
}

/** Idempotent, also when another process creates the same topics at the same time. */
export async function ensureTopicNames(admin: Admin, topics: readonly string[], options: EnsureTopicsOptions = {}): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = [...new Set(topics)].filter((topic) => !existing.has(topic));
  if (missing.length === 0) return [];
  await admin.createTopics({
    waitForLeaders: true,
    topics: missing.map((topic) => ({
      topic,
      numPartitions: options.partitions ?? 3,
      replicationFactor: options.replicationFactor ?? -1,
    })),
  });
  return missing;
}
