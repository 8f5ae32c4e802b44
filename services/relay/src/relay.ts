import { categories, categoryOf, globalPositionToBigInt, type GlobalPosition, type RecordedEvent } from '@ctp/contracts';
import { defaultTopicNaming, ensureTopics, startEventSpan, toKafkaMessage, type TopicNaming } from '@ctp/event-bus';
import type { EventStore, Subscription } from '@ctp/event-store';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import type { Kafka, Producer, TopicMessages } from 'kafkajs';
import type { CheckpointStore } from './checkpoints/checkpoint-store.js';

export interface RelayOptions {
  readonly name?: string;
  readonly store: EventStore;
  readonly kafka: Kafka;
  readonly checkpoints: CheckpointStore;
  readonly naming?: TopicNaming;
  readonly maxBatchSize?: number;
  readonly onPublished?: (events: readonly RecordedEvent[]) => void;
}

export interface RelayLag {
  readonly checkpoint: GlobalPosition | null;
  readonly head: GlobalPosition | null;
  readonly positionsBehind: string;
}

export interface RunningRelay {
  stop(): Promise<void>;
  readonly finished: Promise<void>;
  published(): GlobalPosition | null;
  lag(): Promise<RelayLag>;
}

export function topicMessagesFor(events: readonly RecordedEvent[], naming: TopicNaming): TopicMessages[] {
  const byTopic = new Map<string, TopicMessages['messages']>();
  for (const event of events) {
    const topic = naming.events(categoryOf(event.streamId));
    const messages = byTopic.get(topic) ?? [];
    messages.push(toKafkaMessage(event));
    byTopic.set(topic, messages);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}

/**
 * Follows the store's global feed from its checkpoint and produces every event to Kafka. The
 * checkpoint moves only after the broker acknowledged (acks=all), so a crash at any moment
 * republishes at most the unacknowledged tail, and never loses an event.
 */
export async function startRelay(options: RelayOptions): Promise<RunningRelay> {
  const name = options.name ?? 'relay';
  const naming = options.naming ?? defaultTopicNaming;
  const admin = options.kafka.admin();
  try {
    await admin.connect();
    await ensureTopics(admin, categories, { naming });
  } finally {
    await admin.disconnect().catch(() => undefined);
  }

  const tracer = trace.getTracer('ctp-relay');
  const producer: Producer = options.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  let published: GlobalPosition | null;
  try {
    await producer.connect();
    published = await options.checkpoints.load(name);
  } catch (error) {
    await producer.disconnect().catch(() => undefined);
    throw error;
  }

  const subscription: Subscription = options.store.subscribeToAll({
    after: published,
    maxBatchSize: options.maxBatchSize ?? 500,
    onEvents: async (events) => {
      const last = events.at(-1);
      if (!last) return;
      const spans = events.map((event) => startEventSpan(tracer, `publish ${event.type}`, 'producer', event));
      try {
        await producer.sendBatch({ topicMessages: topicMessagesFor(events, naming), acks: -1 });
      } catch (error) {
        for (const span of spans) span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
        throw error;
      } finally {
        for (const span of spans) span.end();
      }
      await options.checkpoints.save(name, last.globalPosition);
      published = last.globalPosition;
      options.onPublished?.(events);
    },
  });

  return {
    finished: subscription.finished,
    published: () => published,
    async stop() {
      await subscription.stop();
      await producer.disconnect();
    },
    async lag() {
      const head = await options.store.headPosition();
      const behind = head === null ? 0n : globalPositionToBigInt(head) - (published === null ? 0n : globalPositionToBigInt(published));
      return { checkpoint: published, head, positionsBehind: behind.toString() };
    },
  };
}
