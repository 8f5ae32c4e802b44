import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { compareGlobalPositions, type GlobalPosition } from '@ctp/contracts';
import { fromKafkaMessage } from '@ctp/event-bus';
import { checkpointStoreFor, createEventStore, type EventStore } from '@ctp/event-store';
import { freePort, kafkaBrokers, postgresUrl, uniqueName } from '@ctp/test-kit';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { purchaseEvent } from './test-support/purchases.js';

const main = resolve(import.meta.dirname, '../dist/main.js');

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe('the relay process', () => {
  const schema = uniqueName('relay');
  const prefix = uniqueName('relaytest');
  const children: ChildProcess[] = [];
  let store: EventStore;
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await store?.close();
  });

  async function startRelayProcess(environment: Record<string, string>) {
    const child = spawn(process.execPath, [main], {
      env: { PATH: process.env.PATH ?? '', ...environment, PORT: String(await freePort()) },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(child);
    return child;
  }

  it('loses no event when killed mid-stream and started again', async () => {
    store = await createEventStore(postgresUrl(), { schema });
    const checkpoints = await checkpointStoreFor(postgresUrl(), schema);
    const environment = {
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      EVENT_STORE_URL: postgresUrl(),
      EVENT_STORE_SCHEMA: schema,
      KAFKA_BROKERS: kafkaBrokers().join(','),
      TOPIC_PREFIX: prefix,
      RELAY_BATCH_SIZE: '20',
      API_KEYS_FILE: join(await mkdtemp(join(tmpdir(), 'relay-keys-')), 'api-keys.json'),
    };
    const customers = Array.from({ length: 20 }, (_, index) => `C-${index}`);
    const appended: string[] = [];
    let lastAppended: GlobalPosition = '0';
    let writing = true;
    const writer = (async () => {
      for (let order = 1; writing || order <= 400; order++) {
        const customer = customers[order % customers.length]!;
        const event = purchaseEvent(customer, order);
        const result = await store.append(`customer-${customer}`, [event], { expectedRevision: 'any' });
        appended.push(event.id);
        lastAppended = result.lastPosition;
        if (order % 25 === 0) await sleep(5);
      }
    })();

    const first = await startRelayProcess(environment);
    let seenBeforeKill: GlobalPosition | null = null;
    for (let i = 0; i < 600 && !seenBeforeKill; i++) {
      seenBeforeKill = await checkpoints.load('relay');
      if (!seenBeforeKill) await sleep(50);
    }
    expect(seenBeforeKill, 'the relay published something before the kill').not.toBeNull();
    first.kill('SIGKILL');
    await once(first, 'exit');
    const checkpointAtKill = await checkpoints.load('relay');
    // The writer goes on while the relay is down: 50 more events to publish after the restart.
    const appendedAtKill = appended.length;
    for (let i = 0; i < 600 && appended.length < appendedAtKill + 50; i++) await sleep(10);
    writing = false;
    await writer;
    const head = lastAppended;
    expect(compareGlobalPositions(checkpointAtKill!, head), 'killed before the relay caught up').toBe(-1);

    const second = await startRelayProcess(environment);
    for (let i = 0; i < 600; i++) {
      const checkpoint = await checkpoints.load('relay');
      if (checkpoint && compareGlobalPositions(checkpoint, head) >= 0) break;
      await sleep(50);
    }
    expect(await checkpoints.load('relay')).toBe(head);
    second.kill('SIGTERM');
    await checkpoints.close();

    const kafka = new Kafka({ clientId: 'relay-crash-check', brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: uniqueName('check') });
    await consumer.connect();
    await consumer.subscribe({ topic: `${prefix}.events.customer`, fromBeginning: true });
    const received = new Map<string, number[]>();
    const ids = new Set<string>();
    await new Promise<void>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`only ${ids.size} of ${appended.length} events arrived`)), 60_000);
      void consumer.run({
        eachMessage: async ({ message }) => {
          const event = fromKafkaMessage(message);
          ids.add(event.id);
          received.set(event.streamId, [...(received.get(event.streamId) ?? []), event.revision]);
          if (ids.size === appended.length) {
            clearTimeout(timer);
            done();
          }
        },
      });
    });
    await consumer.disconnect();

    expect(new Set(appended)).toEqual(ids);
    for (const [stream, revisions] of received) {
      const firstSeen = revisions.filter((revision, index) => revisions.indexOf(revision) === index);
      expect(firstSeen, `per-stream order of ${stream}`).toEqual([...firstSeen].sort((a, b) => a - b));
    }
  }, 180_000);
});
