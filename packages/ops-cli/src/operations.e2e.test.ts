import { createEventStore, type EventStore } from '@ctp/event-store';
import { customerSummary } from '@ctp/intake/customer-summary';
import { activeCollection, physicalName, projectedDocuments, projectEvents, readPointer } from '@ctp/projections';
import { eventually, freePort, isolatedEnvironment, mongoUrl, postgresUrl, startService, TcpRelay, uniqueName, waitUntilReady, type ServiceProcess } from '@ctp/test-kit';
import { MongoClient, type Db } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purchase, registrationWithPurchase } from './test-support/intake-facts.js';
import { ctpOpsWith, requireBuiltTool } from './test-support/run-tool.js';

const readModel = 'intake-customer-summary';

interface ConsumerStatus {
  name: string;
  position: string | null;
  head: string | null;
  lag: number | null;
}

/**
 * The operator's tool against a running relay and intake (intake reaches its read-model database
 * through a TCP relay the test can cut): the "done when", one operation after the other.
 */
describe('ctp-ops operating a running intake', () => {
  const schema = uniqueName('ops_ops');
  const mongo = new MongoClient(mongoUrl());
  let intakeDb: Db;
  let store: EventStore;
  let mongoLink: TcpRelay;
  let relay: ServiceProcess;
  let intake: ServiceProcess;
  let keys: Record<string, string>;
  const ctpOps = ctpOpsWith(() => ({ intake: intake.baseUrl }), () => keys.admin!);
  /** Every registration gets its own minute, so no two customers share registeredAt. */
  let minute = 0;
  const nextInstant = () => new Date(Date.UTC(2026, 2, 1, 1, 0) + (minute += 1) * 60_000).toISOString();
  const output = () => intake.output();

  async function post(events: readonly unknown[]): Promise<string> {
    const accepted = await fetch(`${intake.baseUrl}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${keys.integrator}` }, body: JSON.stringify({ events }) });
    expect(accepted.status, await accepted.clone().text()).toBe(202);
    return ((await accepted.json()) as { position: string }).position;
  }

  const registerCustomers = (count: number) => post(Array.from({ length: count }, () => registrationWithPurchase(`C-${randomUUID().slice(0, 8)}`, nextInstant())).flat());

  const adminGet = async <T>(path: string) => (await (await fetch(`${intake.baseUrl}${path}`, { headers: { authorization: `Bearer ${keys.admin}` } })).json()) as T;

  async function readModelStatus(): Promise<ConsumerStatus> {
    const status = await adminGet<{ consumers: ConsumerStatus[] }>('/v1/admin/status');
    return status.consumers.find((consumer) => consumer.name === readModel)!;
  }

  const caughtUpTo = (position: string) =>
    eventually(async () => {
      const status = await readModelStatus();
      return status.position !== null && BigInt(status.position) >= BigInt(position) && status.lag === 0 ? status : undefined;
    }, `${readModel} at position ${position}`, output, 120_000);

  /** What the read model must hold: every event in the store projected afresh into an empty database. */
  async function freshExpectation() {
    const scratch = mongo.db(`${schema}_expected_${randomUUID().slice(0, 6)}`);
    const events = [];
    for (let read = await store.readAll({ after: null, limit: 1_000 }); read.length > 0; read = await store.readAll({ after: read.at(-1)!.globalPosition, limit: 1_000 })) events.push(...read);
    await projectEvents(scratch, customerSummary, events);
    const documents = await projectedDocuments(scratch, customerSummary);
    await scratch.dropDatabase();
    return documents;
  }

  beforeAll(async () => {
    requireBuiltTool();
    const isolated = await isolatedEnvironment(schema);
    const mongoServer = new URL(mongoUrl());
    mongoLink = await TcpRelay.open(await freePort(), { host: mongoServer.hostname, port: Number(mongoServer.port || 27017) });
    const linked = new URL(mongoUrl());
    linked.hostname = '127.0.0.1';
    linked.port = String(mongoLink.port);
    const environment = { ...isolated.environment, READ_WAIT_TIMEOUT_MS: '30000', CONSUMER_SESSION_TIMEOUT_MS: '10000' };
    relay = startService('relay', await freePort(), environment);
    await waitUntilReady(relay);
    intake = startService('intake', await freePort(), { ...environment, MONGO_URL: linked.toString() });
    await waitUntilReady(intake);
    keys = JSON.parse(await readFile(join(isolated.keysDir, 'dev-keys.json'), 'utf8')) as Record<string, string>;
    intakeDb = mongo.db(schema);
    store = await createEventStore(postgresUrl(), { schema });
    await caughtUpTo(await registerCustomers(40));
  }, 240_000);

  afterAll(async () => {
    await Promise.all([relay?.stop(), intake?.stop()]);
    await Promise.all([mongoLink?.cut(), store?.close(), mongo.close()]);
  });

  it('rebuilds while writes continue: the new version equals a fresh projection document for document, the switch recorded, the old version kept', async () => {
    let writing = true;
    let lastWrite = '0';
    const written: string[] = [];
    // Writes go on until five batches have landed after the rebuild read the store's head (or the tool ends).
    const landedAfterRebuildStart = async () => {
      const [job] = (await adminGet<{ jobs: { progress: { head?: string } | null }[] }>('/v1/admin/jobs?kind=rebuild')).jobs;
      const head = job?.progress?.head;
      return head === undefined ? 0 : written.filter((position) => BigInt(position) > BigInt(head)).length;
    };
    const writer = (async () => {
      while (writing && (await landedAfterRebuildStart()) < 5) {
        lastWrite = await registerCustomers(2);
        written.push(lastWrite);
      }
    })();
    await eventually(async () => (written.length > 0 ? true : undefined), 'the writer under way', output);
    const writtenBefore = written.length;
    const outcome = await ctpOps('rebuild', 'intake', readModel);
    const writtenWhileRunning = written.slice(writtenBefore);
    writing = false;
    await writer;

    expect(outcome.code, outcome.stderr).toBe(0);
    const started = /^rebuild of intake\/intake-customer-summary started: job ([0-9a-f-]{36})$/m.exec(outcome.stdout);
    expect(started, outcome.stdout).not.toBeNull();
    const job = await adminGet<{ progress: { head: string } }>(`/v1/admin/jobs/${started![1]}`);
    const writtenAfterItsStart = writtenWhileRunning.filter((position) => BigInt(position) > BigInt(job.progress.head));
    expect(writtenAfterItsStart.length, 'batches written after the rebuild read the head, before the tool ended').toBeGreaterThan(0);
    expect(outcome.stdout).toMatch(/^switched intake-customer-summary over to version 2 after [\d,]+ events in \S+; version 1 is kept until you drop it$/m);

    await caughtUpTo(lastWrite);
    expect((await readPointer(intakeDb, readModel))?.active).toBe(2);
    expect(await projectedDocuments(intakeDb, customerSummary)).toEqual(await freshExpectation());
    expect(await intakeDb.collection(physicalName('customers', 1)).countDocuments()).toBeGreaterThanOrEqual(40);

    const listed = await ctpOps('jobs', 'intake', '--kind', 'rebuild');
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`^\\S+\\s+rebuild\\s+intake-customer-summary\\s+succeeded\\s+${started![1]}\\s+switched to v2 \\(v1 kept\\) after \\d+ events$`, 'm'));
  }, 240_000);

  it('parks a poison event, lists it with its error, and redrives it once the cause is removed', async () => {
    // Someone put a unique index on registeredAt into the live collection; a second registration in the same minute cannot be written.
    const live = await activeCollection<{ _id: string; purchases: number }>(intakeDb, readModel, 'customers');
    await live.createIndex({ registeredAt: 1 }, { unique: true, name: 'registered_at_unique' });
    const clash = nextInstant();
    // Applied before the victim is sent: two customers' streams may sit on different partitions, taken in either order.
    await caughtUpTo(await post(registrationWithPurchase(`C-${randomUUID().slice(0, 8)}`, clash)));
    const victim = `C-${randomUUID().slice(0, 8)}`;
    const [registration, ...rest] = registrationWithPurchase(victim, clash);
    await post([registration, ...rest, purchase(victim, nextInstant())]);

    const parked = await eventually(async () => {
      const listed = await ctpOps('dead-letters', 'intake', readModel);
      return /3 dead letter\(s\) parked/.test(listed.stdout) ? listed : undefined;
    }, 'the poison event and its stream parked', output, 120_000);
    expect(parked.code).toBe(0);
    expect(parked.stdout).toMatch(new RegExp(`^\\s*\\d+\\s+\\d+\\s+\\d+\\s+customer-${victim}\\s+${registration!.id}\\s+CustomerRegistered\\s+write_failed\\s+\\d+\\s+Mongo\\w*Error: E11000 duplicate key`, 'm'));
    expect(parked.stdout).toMatch(new RegExp(`customer-${victim}\\s+\\S+\\s+PurchaseRecorded\\s+stream_blocked\\s+0\\s+Error: stream customer-${victim} is blocked by parked event ${registration!.id}`, 'm'));
    const status = await ctpOps('status');
    expect(status.code).toBe(1);
    expect(status.stdout).toContain('! intake intake-customer-summary: 3 dead letter(s) parked');

    await live.dropIndex('registered_at_unique');
    const redriven = await ctpOps('dead-letters', 'intake', readModel, '--redrive');
    expect(redriven.code, redriven.stderr).toBe(0);
    expect(redriven.stdout.split('\n')).toEqual([`${readModel}: redriven 3, applied 3, parked again 0`, `unblocked streams: customer-${victim}`, 'still blocked: none', '']);
    expect((await ctpOps('dead-letters', 'intake', readModel)).stdout).toBe(`${readModel}: no dead letters parked\n`);
    expect(await live.findOne({ _id: victim })).toMatchObject({ customerId: victim, registered: true, purchases: 2 });
  }, 240_000);

  it('replays the reactor over a range, from and to, and appends nothing new when nothing changed', async () => {
    const all = await store.readAll({ after: null, limit: 1_000 });
    const [from, to] = [all[10]!.globalPosition, all[40]!.globalPosition];
    const inRange = all.filter((event) => BigInt(event.globalPosition) >= BigInt(from) && BigInt(event.globalPosition) <= BigInt(to) && event.streamId.startsWith('customer-'));
    const head = await store.headPosition();
    const outcome = await ctpOps('replay', 'intake', 'intake-erasures', '--from', from, '--to', to);
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(outcome.stdout).toMatch(new RegExp(`^replayed ${inRange.length} events of intake-erasures from position ${from} to ${to}; the reactions appended nothing new$`, 'm'));
    expect(await store.headPosition()).toBe(head);
    expect((await ctpOps('jobs', 'intake', '--kind', 'replay', '--state', 'succeeded')).stdout).toMatch(new RegExp(`replay\\s+intake-erasures\\s+succeeded\\s+\\S+\\s+replayed ${inRange.length} events ${from}\\.\\.${to}, appended 0$`, 'm'));
  }, 240_000);

  it('status names a read model whose consumer stopped making progress (its database cut off) while its events keep arriving, exit 1; healthy again once it can, nothing lost', async () => {
    await mongoLink.cut();
    const customer = `C-${randomUUID().slice(0, 8)}`;
    const position = await post(registrationWithPurchase(customer, nextInstant()));
    // First its figures cannot be read; once it has had lag without a commit for the runtime's 60 s, it is reported stalled too.
    const stalled = /^! intake intake-customer-summary: (consumer (stopped|crashed)|not making progress)/m;
    const unhealthy = await eventually(async () => {
      const outcome = await ctpOps('status');
      return outcome.code === 1 && stalled.test(outcome.stdout) ? outcome : undefined;
    }, 'status naming the read model stopped or stalled', output, 180_000);
    expect(unhealthy.stdout).toMatch(/^intake\s+read-model\s+intake-customer-summary\s+\S+.*UNHEALTHY$/m);
    expect(unhealthy.stdout).toMatch(/^intake\s+reactor\s+intake-erasures\s+running\s.*ok$/m);

    await mongoLink.restore();
    await caughtUpTo(position);
    const healthy = await eventually(async () => {
      const outcome = await ctpOps('status');
      return outcome.code === 0 ? outcome : undefined;
    }, 'status healthy again', output, 120_000);
    expect(healthy.stdout.trimEnd().endsWith('all healthy')).toBe(true);
    const customers = await activeCollection<{ _id: string }>(intakeDb, readModel, 'customers');
    expect(await customers.findOne({ _id: customer })).toMatchObject({ customerId: customer, registered: true, purchases: 1 });
  }, 420_000);
});
