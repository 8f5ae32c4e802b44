import { buildEvent } from '@ctp/contracts';
import { toKafkaMessage, topicNaming } from '@ctp/event-bus';
import { checkpointStoreFor, createEventStore, type CheckpointStore, type EventStore } from '@ctp/event-store';
import { activeCollection, defineProjection, guardedUpsert } from '@ctp/projections';
import { eventually, kafkaBrokers, mongoUrl, postgresUrl, uniqueName } from '@ctp/test-kit';
import type { FastifyInstance } from 'fastify';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceRuntime } from '../app/run-service.js';
import { adminRoutes } from '../admin/admin-routes.js';
import { createLogger } from '../logging/logger.js';
import { readModelRoutes } from '../read-models/read-model-routes.js';
import { bearer, testApp } from '../test-support/test-app.js';
import { Wiring } from '../wiring/service-wiring.js';

const visits = defineProjection({
  name: 'metric-visits',
  version: 1,
  categories: ['customer'],
  collections: { visits: { indexes: [] } },
  handle: (events) => events.map((event) => guardedUpsert('visits', event.streamId, event.globalPosition, { $inc: { visits: 1 } })),
});

function interaction(customerId: string) {
  return buildEvent('InteractionRecorded', { customerId, interactionId: `IX-${randomUUID().slice(0, 8)}`, channel: 'online', kind: 'inquiry', direction: 'inbound' }, {
    id: randomUUID(),
    streamId: `customer-${customerId}`,
    occurredAt: '2026-03-02T10:15:00+08:00',
    correlationId: 'metrics-test',
    causationId: null,
    actor: { kind: 'api-key', id: 'key-test', role: 'integrator' },
    traceparent: null,
  });
}

/** The value of one sample of the scrape, or undefined when the scrape has no such line. */
function sample(scrape: string, name: string, labels: string): number | undefined {
  const line = scrape.split('\n').find((candidate) => candidate.startsWith(`${name}{`) && labels.split(',').every((label) => candidate.includes(label)));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('GET /metrics of a service with a read model and a timer table, on the real servers', () => {
  const schema = uniqueName('metrics');
  const mongo = new MongoClient(mongoUrl());
  const kafka = new Kafka({ brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
  const config = { NODE_ENV: 'test', EVENT_STORE_URL: postgresUrl(), EVENT_STORE_SCHEMA: schema, MONGO_DATABASE: schema, TOPIC_PREFIX: schema, READ_WAIT_TIMEOUT_MS: 0, CONSUMER_SESSION_TIMEOUT_MS: 10_000, TIMER_POLL_MS: 50, TIMER_LEASE_MS: 1_000 };
  const now = new Date('2026-03-02T10:00:00.000Z');
  const wiring = new Wiring({ service: 'metrics-test', config, logger: createLogger('metrics-test', 'silent'), clock: () => now, kafka: () => kafka, mongo: () => mongo });
  let store: EventStore;
  let relay: CheckpointStore;
  let producer: Producer;
  let runtime: ServiceRuntime;
  let app: FastifyInstance;

  const scrape = async () => {
    const answer = await app.inject({ url: '/metrics', headers: bearer('admin') });
    expect(answer.statusCode).toBe(200);
    return answer.body;
  };

  beforeAll(async () => {
    store = await createEventStore(postgresUrl(), { schema });
    relay = await checkpointStoreFor(postgresUrl(), schema);
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const wire = wiring.parts<typeof config>();
    await wire.readModel(visits);
    const timers = await wire.timerStore('metric_timers');
    await timers.schedule({ id: 'late-1', kind: 'review', dueAt: new Date('2026-03-02T09:58:00.000Z'), payload: {} });
    runtime = wiring.complete({});
    for (const work of [...(runtime.background ?? []), ...runtime.consumers!]) await work.start();
    app = await testApp({
      routes: async (routes) => {
        await routes.register(readModelRoutes(runtime.readModels!));
        await routes.register(adminRoutes(runtime.admin!));
      },
    });
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await runtime?.stop?.();
    await wiring.close();
    await Promise.all([producer?.disconnect(), store?.close(), relay?.close()]);
    await mongo.close();
  });

  it('reports the read model’s lag falling to 0 once it consumed what the relay published', async () => {
    for (const customerId of ['M-1', 'M-2', 'M-1']) {
      const event = interaction(customerId);
      await store.append(event.streamId, [event], { expectedRevision: 'any' });
    }
    const recorded = await store.readAll({ after: null, limit: 100 });
    await producer.send({ topic: topicNaming(schema).events('customer'), acks: -1, messages: recorded.map(toKafkaMessage) });
    await relay.save('relay', recorded.at(-1)!.globalPosition);

    const caughtUp = await eventually(async () => {
      const text = await scrape();
      return sample(text, 'ctp_read_model_lag', 'read_model="metric-visits"') === 0 ? text : undefined;
    }, 'the read model caught up', () => '', 120_000);
    const documents = await activeCollection<{ _id: string; visits: number }>(mongo.db(schema), 'metric-visits', 'visits');
    expect(await documents.findOne({ _id: 'customer-M-1' })).toMatchObject({ visits: 2 });
    expect(sample(caughtUp, 'ctp_consumer_lag', 'consumer="metric-visits",kind="read-model"')).toBe(0);
    expect(sample(caughtUp, 'ctp_consumer_parked', 'consumer="metric-visits"')).toBe(0);
    expect(caughtUp).toContain('# TYPE ctp_consumer_events_per_second gauge');
  }, 180_000);

  it('reports a due timer, its delay by the service clock, and the request histogram of what was asked', async () => {
    expect((await app.inject({ url: '/v1/read-models', headers: bearer('analyst') })).statusCode).toBe(200);
    const text = await scrape();
    expect(sample(text, 'ctp_timers', 'table="metric_timers",timer_kind="review",state="due"')).toBe(1);
    expect(sample(text, 'ctp_timers', 'timer_kind="review",state="parked"')).toBe(0);
    expect(sample(text, 'ctp_timer_delay', 'timer_kind="review"')).toBe(120);
    expect(sample(text, 'http_server_request_duration_count', 'http_route="/v1/read-models",http_response_status_code="200"')).toBe(1);
  }, 60_000);
});
