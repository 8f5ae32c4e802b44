import type { EventToAppend, RecordedEvent } from '@ctp/contracts';
import { toKafkaMessage, topicNaming, type TopicNaming } from '@ctp/event-bus';
import { checkpointStoreFor, createEventStore, type CheckpointStore, type EventStore } from '@ctp/event-store';
import { kafkaBrokers, mongoUrl, postgresUrl, uniqueName, wholeFeed } from '@ctp/test-kit';
import type { FastifyInstance } from 'fastify';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { MongoClient } from 'mongodb';
import type { ServiceRuntime } from '../app/run-service.js';
import { createLogger } from '../logging/logger.js';
import { Wiring, type ServiceWiring } from '../wiring/service-wiring.js';
import { testApp } from './test-app.js';

/** A service's settings on its own schema, topic prefix and database, with timers polled often. */
function isolatedConfig(schema: string) {
  return { NODE_ENV: 'test', EVENT_STORE_URL: postgresUrl(), EVENT_STORE_SCHEMA: schema, MONGO_DATABASE: schema, TOPIC_PREFIX: schema, READ_WAIT_TIMEOUT_MS: 0, CONSUMER_SESSION_TIMEOUT_MS: 10_000, TIMER_POLL_MS: 50, TIMER_LEASE_MS: 1_000 };
}

export type IsolatedConfig = ReturnType<typeof isolatedConfig>;

export interface WiredService {
  readonly schema: string;
  readonly naming: TopicNaming;
  readonly mongo: MongoClient;
  readonly store: EventStore;
  readonly runtime: ServiceRuntime;
  readonly app: FastifyInstance;
  /** Appends to the store and publishes like the relay: to the customer topic, then the relay's checkpoint. Returns what it published. */
  publish(events: readonly EventToAppend[]): Promise<RecordedEvent[]>;
  close(): Promise<void>;
}

/**
 * A service wired by the kit on the real servers (what `wire` declares, its consumers and timer
 * workers started) behind an app with the routes `routes` makes of its runtime; the relay played
 * by `publish`.
 */
export async function wiredService(options: {
  readonly seed: string;
  readonly clock?: () => Date;
  readonly wire: (wire: ServiceWiring<IsolatedConfig>) => Promise<void>;
  readonly routes: (runtime: ServiceRuntime) => (app: FastifyInstance) => Promise<void>;
}): Promise<WiredService> {
  const schema = uniqueName(options.seed);
  const naming = topicNaming(schema);
  const mongo = new MongoClient(mongoUrl());
  const kafka = new Kafka({ brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
  const wiring = new Wiring({ service: `${options.seed}-test`, config: isolatedConfig(schema), logger: createLogger(options.seed, 'silent'), clock: options.clock ?? (() => new Date()), kafka: () => kafka, mongo: () => mongo });
  const store = await createEventStore(postgresUrl(), { schema });
  const relay: CheckpointStore = await checkpointStoreFor(postgresUrl(), schema);
  const producer: Producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  let runtime: ServiceRuntime | undefined;
  let app: FastifyInstance | undefined;
  const close = async () => {
    await app?.close();
    await runtime?.stop?.();
    await wiring.close();
    await Promise.all([producer.disconnect(), store.close(), relay.close()]);
    await mongo.close();
  };
  try {
    await producer.connect();
    await options.wire(wiring.parts<IsolatedConfig>());
    runtime = wiring.complete({});
    for (const work of [...(runtime.background ?? []), ...(runtime.consumers ?? [])]) await work.start();
    app = await testApp({ routes: options.routes(runtime) });
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
  let seen: string | null = null;
  const publish = async (events: readonly EventToAppend[]) => {
    for (const event of events) await store.append(event.streamId, [event], { expectedRevision: 'any' });
    const recorded = await wholeFeed(store, seen);
    seen = recorded.at(-1)!.globalPosition;
    await producer.send({ topic: naming.events('customer'), acks: -1, messages: recorded.map(toKafkaMessage) });
    await relay.save('relay', seen);
    return recorded;
  };
  return { schema, naming, mongo, store, runtime, app, publish, close };
}
