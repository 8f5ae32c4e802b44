import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { checkpointStoreFor, createEventStore, type CheckpointStore, type EventStore } from '@ctp/event-store';
import { eventually, freePort, kafkaBrokers, postgresUrl, uniqueName } from '@ctp/test-kit';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purchaseEvent } from './test-support/purchases.js';

const main = resolve(import.meta.dirname, '../dist/main.js');

interface RelayProcess {
  readonly child: ChildProcess;
  readonly port: number;
}

/** Two relay processes on one store schema and relay name: one publishes, the other stands by and takes over. */
describe('relays standing by', () => {
  const schema = uniqueName('relay_standby');
  const prefix = uniqueName('relaystandby');
  const topic = `${prefix}.events.customer`;
  const relays: RelayProcess[] = [];
  let store: EventStore;
  let checkpoints: CheckpointStore;
  let environment: Record<string, string>;

  beforeAll(async () => {
    store = await createEventStore(postgresUrl(), { schema });
    checkpoints = await checkpointStoreFor(postgresUrl(), schema);
    environment = {
      NODE_ENV: 'development', LOG_LEVEL: 'warn', EVENT_STORE_URL: postgresUrl(), EVENT_STORE_SCHEMA: schema, KAFKA_BROKERS: kafkaBrokers().join(','),
      TOPIC_PREFIX: prefix, RELAY_BATCH_SIZE: '20', API_KEYS_FILE: join(await mkdtemp(join(tmpdir(), 'relay-keys-')), 'api-keys.json'),
    };
  });
  afterAll(async () => {
    for (const { child } of relays) child.kill('SIGKILL');
    await checkpoints?.close();
    await store?.close();
  });

  const startRelay = async (): Promise<RelayProcess> => {
    const port = await freePort();
    const child = spawn(process.execPath, [main], { env: { PATH: process.env.PATH ?? '', ...environment, PORT: String(port) }, stdio: ['ignore', 'ignore', 'inherit'] });
    const relay = { child, port };
    relays.push(relay);
    return relay;
  };
  const ready = async ({ port }: RelayProcess) => (await fetch(`http://127.0.0.1:${port}/ready`).catch(() => null))?.status === 200;
  const append = async (from: number, count: number) => {
    let head = '0';
    for (let order = from; order < from + count; order++) head = (await store.append(`customer-C-${order % 7}`, [purchaseEvent(`C-${order % 7}`, order)], { expectedRevision: 'any' })).lastPosition;
    return head;
  };
  /** The relays' own output goes to the test's stderr. */
  const noOutput = () => '';
  const published = (head: string) => eventually(async () => ((await checkpoints.load('relay')) === head ? true : undefined), `the checkpoint at ${head}`, noOutput);
  const messagesInTopic = async () => {
    const admin = new Kafka({ clientId: 'relay-standby-check', brokers: kafkaBrokers(), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      return (await admin.fetchTopicOffsets(topic)).reduce((sum, { high, low }) => sum + Number(high) - Number(low), 0);
    } finally {
      await admin.disconnect();
    }
  };

  it('publishes every event once with two relays running, and the standby takes over when the active one is killed', async () => {
    const [first, second] = [await startRelay(), await startRelay()];
    const active = await eventually(async () => {
      const states = await Promise.all([first, second].map(ready));
      return states.filter(Boolean).length === 1 ? (states[0] ? first : second) : undefined;
    }, 'one relay ready, the other standing by', noOutput);
    const standby = active === first ? second : first;

    await published(await append(0, 200));
    expect(await ready(standby)).toBe(false);
    expect(await messagesInTopic()).toBe(200);

    active.child.kill('SIGKILL');
    await once(active.child, 'exit');
    const head = await append(200, 100);
    await eventually(async () => ((await ready(standby)) ? true : undefined), 'the standby relay ready', noOutput);
    await published(head);
    expect(await messagesInTopic()).toBe(300);
  }, 180_000);
});
