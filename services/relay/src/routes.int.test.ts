import { checkpointStoreFor, createEventStore, type CheckpointStore, type EventStore } from '@ctp/event-store';
import { topicNaming } from '@ctp/event-bus';
import { bearer, testApp } from '@ctp/service-kit/testing';
import { kafkaBrokers, postgresUrl, uniqueName } from '@ctp/test-kit';
import type { FastifyInstance } from 'fastify';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { startRelay, type RunningRelay } from './relay.js';
import { relayRoutes } from './routes.js';
import { purchaseEvent } from './test-support/purchases.js';

describe("the relay's HTTP routes", () => {
  const apps: FastifyInstance[] = [];
  let store: EventStore | undefined;
  let checkpoints: CheckpointStore | undefined;
  let relay: RunningRelay | undefined;
  afterAll(async () => {
    await relay?.stop();
    await Promise.all([...apps.map((app) => app.close()), store?.close(), checkpoints?.close()]);
  });

  async function appWith(current: () => RunningRelay | null) {
    const app = await testApp({ routes: relayRoutes(current) });
    apps.push(app);
    return app;
  }

  it('are described in /openapi.json with their answer and problem schemas', async () => {
    const app = await appWith(() => null);
    const document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const lag = document.paths['/v1/relay/lag'].get;
    expect(lag.operationId).toBe('getRelayLag');
    expect(lag.responses['200'].content['application/json'].schema.required).toEqual(['checkpoint', 'head', 'positionsBehind']);
    expect(lag.responses['503'].content['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/Problem' });
  });

  it('answer 503 problem+json while the relay is starting, and refuse a role that may not read', async () => {
    const app = await appWith(() => null);
    const starting = await app.inject({ method: 'GET', url: '/v1/relay/lag', headers: bearer('analyst') });
    expect(starting.statusCode).toBe(503);
    expect(starting.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(starting.json()).toMatchObject({ code: 'CTP_NOT_READY' });
    const integrator = await app.inject({ method: 'GET', url: '/v1/relay/lag', headers: bearer('integrator') });
    expect(integrator.statusCode).toBe(403);
    expect(integrator.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it("report a running relay's checkpoint and head", async () => {
    const schema = uniqueName('relayroutes');
    store = await createEventStore(postgresUrl(), { schema });
    checkpoints = await checkpointStoreFor(postgresUrl(), schema);
    await store.append('customer-C-1', [purchaseEvent('C-1', 1), purchaseEvent('C-1', 2)], { expectedRevision: 'no_stream' });
    const kafka = new Kafka({ clientId: 'relay-routes-test', brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
    relay = await startRelay({ name: uniqueName('relay'), store, kafka, checkpoints, naming: topicNaming(uniqueName('relayroutes')) });
    const running = relay;
    const app = await appWith(() => running);
    const head = await store.headPosition();
    for (;;) {
      const answer = await app.inject({ method: 'GET', url: '/v1/relay/lag', headers: bearer('auditor') });
      expect(answer.statusCode).toBe(200);
      if (answer.json().positionsBehind === '0') {
        expect(answer.json()).toEqual({ checkpoint: head, head, positionsBehind: '0' });
        expect((await app.inject({ method: 'GET', url: '/metrics', headers: bearer('admin') })).body).toMatch(/^ctp_relay_lag(\{[^}]*\})? 0$/m);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
});
