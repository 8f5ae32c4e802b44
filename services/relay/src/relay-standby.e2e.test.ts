import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fromKafkaMessage } from '@ctp/event-bus';
import { checkpointStoreFor, createEventStore, type CheckpointStore, type EventStore } from '@ctp/event-store';
import { eventually, freePort, kafkaBrokers, postgresUrl, uniqueName } from '@ctp/test-kit';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purchaseEvent } from './test-support/purchases.js';

const main = resolve(import.meta.dirname, '../dist/main.js');

interface RelayProcess {
  readonly child: ChildProcess;
  readonly port: number;
  output(): string;
}

/** What RELAY_BATCH_SIZE (20) and the relay's read-ahead (2 batches beyond the one being sent) leave unacknowledged at most. */
const unacknowledgedTail = 20 * 3;

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
    const child = spawn(process.execPath, [main], { env: { PATH: process.env.PATH ?? '', ...environment, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    for (const stream of [child.stdout, child.stderr]) stream?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const relay = { child, port, output: () => output };
    relays.push(relay);
    return relay;
  };
  const ready = async ({ port }: RelayProcess) => (await fetch(`http://127.0.0.1:${port}/ready`).catch(() => null))?.status === 200;
  const append = async (from: number, count: number) => {
    let head = '0';
    for (let order = from; order < from + count; order++) head = (await store.append(`customer-C-${order % 7}`, [purchaseEvent(`C-${order % 7}`, order)], { expectedRevision: 'any' })).lastPosition;
    return head;
  };
  const output = () => relays.map(({ port, output }) => `relay on ${port}:\n${output().slice(-3000)}`).join('\n');
  const published = (head: string) => eventually(async () => ((await checkpoints.load('relay')) === head ? true : undefined), `the checkpoint at ${head}`, output);
  const kafka = new Kafka({ clientId: 'relay-standby-check', brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
  /** Every message on the topic, as the ids of the events they carry. */
  const eventIdsInTopic = async (): Promise<string[]> => {
    const admin = kafka.admin();
    await admin.connect();
    const messages = await admin.fetchTopicOffsets(topic).then((offsets) => offsets.reduce((sum, { high, low }) => sum + Number(high) - Number(low), 0)).finally(() => admin.disconnect());
    const consumer = kafka.consumer({ groupId: uniqueName('relay-standby-check') });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const ids: string[] = [];
    const read = eventually(async () => (ids.length >= messages ? ids : undefined), `the topic's ${messages} messages read`, output);
    await consumer.run({ eachMessage: async ({ message }) => void ids.push(fromKafkaMessage(message).id) });
    return read.finally(() => consumer.disconnect());
  };
  /**
   * Each event on Kafka once; more only where a relay restarted its publishing on a retriable error (a broker's
   * timeout on a loaded machine), which republishes at most its unacknowledged tail. Two relays publishing at once
   * would put every event there twice.
   */
  const expectEachEventOnce = async (appended: number) => {
    const ids = await eventIdsInTopic();
    expect(new Set(ids).size, output()).toBe(appended);
    const restarted = /stopped on a retriable error; restarting/.test(relays.map(({ output }) => output()).join('\n'));
    if (restarted) expect(ids.length - appended, output()).toBeLessThanOrEqual(unacknowledgedTail);
    else expect(ids.length, output()).toBe(appended);
  };

  it('publishes every event once with two relays running, and the standby takes over when the active one is killed', async () => {
    const [first, second] = [await startRelay(), await startRelay()];
    const active = await eventually(async () => {
      const states = await Promise.all([first, second].map(ready));
      return states.filter(Boolean).length === 1 ? (states[0] ? first : second) : undefined;
    }, 'one relay ready, the other standing by', output);
    const standby = active === first ? second : first;

    await published(await append(0, 200));
    expect(await ready(standby)).toBe(false);
    await expectEachEventOnce(200);

    active.child.kill('SIGKILL');
    await once(active.child, 'exit');
    const head = await append(200, 100);
    await eventually(async () => ((await ready(standby)) ? true : undefined), 'the standby relay ready', output);
    await published(head);
    await expectEachEventOnce(300);
  }, 180_000);
});
