import { categories, categoryOf, globalPositionToBigInt, type GlobalPosition, type RecordedEvent } from '@ctp/contracts';
import { defaultTopicNaming, ensureTopics, startEventSpan, toKafkaMessage, type TopicNaming } from '@ctp/event-bus';
import { defaultRelayName, type CheckpointStore, type EventStore, type Subscription } from '@ctp/event-store';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import type { Kafka, Producer, TopicMessages } from 'kafkajs';

export interface RelayOptions {
  readonly name?: string;
  readonly store: EventStore;
  readonly kafka: Kafka;
  readonly checkpoints: CheckpointStore;
  readonly naming?: TopicNaming;
  readonly maxBatchSize?: number;
  /** Batches read and converted ahead of the one being sent (default 2). */
  readonly readAhead?: number;
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
 * checkpoint moves only after the broker acknowledged (acks=all), in feed order, so a crash at any
 * moment republishes at most the unacknowledged tail, and never loses an event.
 *
 * Pipelined: a batch is handed to the producer and the subscription reads on while it is on its way,
 * up to `readAhead` batches beyond the one being sent, so the next send starts as soon as the broker
 * acknowledges. Sends go one after another (one in flight), and each checkpoint is saved after its
 * own batch's acknowledgement and the previous checkpoint, while the next batches are being sent.
 * Start-up (topics, producer, checkpoint) runs its three steps at once.
 */
export async function startRelay(options: RelayOptions): Promise<RunningRelay> {
  const name = options.name ?? defaultRelayName;
  const naming = options.naming ?? defaultTopicNaming;
  const admin = options.kafka.admin();
  const producer: Producer = options.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const topicsReady = (async () => {
    try {
      await admin.connect();
      await ensureTopics(admin, categories, { naming });
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  })();
  const loading = options.checkpoints.load(name);
  const failure = (await Promise.allSettled([topicsReady, producer.connect(), loading])).find((outcome) => outcome.status === 'rejected');
  if (failure) {
    await producer.disconnect().catch(() => undefined);
    throw failure.reason;
  }
  let published = await loading;

  const tracer = trace.getTracer('ctp-relay');
  const readAhead = options.readAhead ?? 2;
  const acknowledged: Promise<unknown>[] = [];
  let saved: Promise<unknown> = Promise.resolve();
  let fail!: (error: unknown) => void;
  const failed = new Promise<never>((_, reject) => (fail = reject));
  failed.catch(() => undefined);

  const send = async (events: readonly RecordedEvent[], after: Promise<unknown>): Promise<void> => {
    const topicMessages = topicMessagesFor(events, naming);
    const spans = events.map((event) => startEventSpan(tracer, `publish ${event.type}`, 'producer', event));
    try {
      await after;
      await producer.sendBatch({ topicMessages, acks: -1 });
    } catch (error) {
      for (const span of spans) span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
      throw error;
    } finally {
      for (const span of spans) span.end();
    }
  };

  const subscription: Subscription = options.store.subscribeToAll({
    after: published,
    maxBatchSize: options.maxBatchSize ?? 500,
    onEvents: async (events) => {
      const last = events.at(-1);
      if (!last) return;
      const ack = send(events, acknowledged.at(-1) ?? Promise.resolve());
      acknowledged.push(ack);
      saved = Promise.all([ack, saved]).then(async () => {
        await options.checkpoints.save(name, last.globalPosition);
        published = last.globalPosition;
        options.onPublished?.(events);
      });
      saved.catch((error: unknown) => {
        fail(error);
        void subscription.stop();
      });
      if (acknowledged.length > readAhead) await acknowledged.shift();
    },
  });

  const settled = () => saved.catch(() => undefined);
  const finished = new Promise<void>((resolve, reject) => {
    failed.catch(reject);
    subscription.finished.then(() => saved).then(() => resolve(), reject);
  });
  finished.catch(() => undefined);

  return {
    finished,
    published: () => published,
    async stop() {
      await subscription.stop();
      await settled();
      await producer.disconnect();
    },
    async lag() {
      const head = await options.store.headPosition();
      const behind = head === null ? 0n : globalPositionToBigInt(head) - (published === null ? 0n : globalPositionToBigInt(published));
      return { checkpoint: published, head, positionsBehind: behind.toString() };
    },
  };
}
