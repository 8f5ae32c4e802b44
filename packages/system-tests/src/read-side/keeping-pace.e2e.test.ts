import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createEventStore } from '@ctp/event-store';
import { freePort, isolatedEnvironment, mongoUrl, postgresUrl, repositoryRoot, startService, uniqueName, waitUntilReady, type ServiceProcess } from '@ctp/test-kit';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedFromStore, type ExpectedCustomer } from './expected-from-store.js';

const run = promisify(execFile);
// CI runs 1,000 customers (about 13,500 facts); the long form is CTP_PACE_CUSTOMERS=20000 (docs/benchmarks.md,
// "Keeping pace"): on FerretDB 1.24 its read models take several times the import's own time to catch up.
const customers = Number(process.env.CTP_PACE_CUSTOMERS ?? 1_000);
const catchUpWithinMs = Number(process.env.CTP_PACE_CATCH_UP_MS ?? 1_200_000);

// A realistic history of customers through intake at the importer's full speed: when the
// read models say they have caught up, every customer's document holds exactly what the event
// store holds (every event applied once, none lost). How fast is for the benchmarks (docs/benchmarks.md).
describe(`the read side after importing ${customers.toLocaleString('en')} customers`, () => {
  const schema = uniqueName('pace');
  const services: ServiceProcess[] = [];
  let keysDir: string;
  let analystKey: string;

  beforeAll(async () => {
    const isolated = await isolatedEnvironment(schema);
    keysDir = isolated.keysDir;
    for (const name of ['relay', 'intake', 'tiering']) services.push(startService(name, await freePort(), isolated.environment));
    await Promise.all(services.map((service) => waitUntilReady(service)));
    analystKey = (JSON.parse(await readFile(join(keysDir, 'dev-keys.json'), 'utf8')) as Record<string, string>).analyst!;
  }, 180_000);

  afterAll(async () => {
    await Promise.all(services.map((service) => service.stop('SIGTERM')));
  });

  it('imports the history, the read models catch up, and every document equals what the store holds', async () => {
    const history = join(keysDir, 'history.ndjson');
    await run(process.execPath, [resolve(repositoryRoot, 'packages/synthetic-data/dist/bin/generate.js'), '--seed', 'pace', '--customers', String(customers), '--from', '2024-12-01', '--to', '2026-12-01', '--out', history], { maxBuffer: 64 * 1024 * 1024 });
    const keys = JSON.parse(await readFile(join(keysDir, 'dev-keys.json'), 'utf8')) as Record<string, string>;
    const intake = services.find((service) => service.name === 'intake')!;
    const imported = await run(process.execPath, [resolve(repositoryRoot, 'packages/importer/dist/bin/ctp-import.js'), history, '--url', intake.baseUrl, '--batch-size', '500', '--concurrency', '4'], {
      env: { ...process.env, CTP_API_KEY: keys.integrator, CTP_PRIVACY_KEY: keys.privacy },
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(imported.stdout).toMatch(/^rejected\s+0$/m);

    await waitUntilCaughtUp(services.filter((service) => service.name !== 'relay'), analystKey);

    const store = await createEventStore(postgresUrl(), { schema });
    const mongo = await MongoClient.connect(mongoUrl());
    try {
      const expected = await expectedFromStore(store);
      expect(expected.customers.size).toBeGreaterThanOrEqual(customers);
      // A fresh database: version 1 of each read model is the active one.
      const db = mongo.db(schema);
      const documents = new Map((await db.collection('customers_v1').find({}).toArray()).map((document) => [String(document._id), document]));
      let compared = 0;
      for (const [customerId, want] of expected.customers) {
        expect(summaryOf(documents.get(customerId)), customerId).toEqual(want);
        compared += 1;
      }
      expect(compared).toBe(expected.customers.size);
      const tiers = new Map((await db.collection('tiers_v1').find({}, { projection: { _position: 1 } }).toArray()).map((document) => [String(document._id), document._position as string]));
      expect(tiers.size).toBe(expected.tierPositions.size);
      for (const [customerId, position] of expected.tierPositions) expect(tiers.get(customerId), customerId).toBe(position);
      expect(await db.collection('tierMovements_v1').countDocuments()).toBe(expected.tierMovements);
    } finally {
      await Promise.all([store.close(), mongo.close()]);
    }
  }, 3_600_000);
});

function summaryOf(document: Record<string, unknown> | undefined): ExpectedCustomer | undefined {
  if (!document) return undefined;
  return {
    position: document._position as string,
    purchases: (document.purchases as number | undefined) ?? 0,
    refunds: (document.refunds as number | undefined) ?? 0,
    interactions: (document.interactions as number | undefined) ?? 0,
    spendMinor: (document.spendMinor as Record<string, number> | undefined) ?? {},
    refundedMinor: (document.refundedMinor as Record<string, number> | undefined) ?? {},
  };
}

/** Every read model of every service has consumed everything, twice in a row (tiering publishes its own events after the facts). */
async function waitUntilCaughtUp(services: readonly ServiceProcess[], analystKey: string): Promise<void> {
  const deadline = Date.now() + catchUpWithinMs;
  let quietPolls = 0;
  let last = '';
  while (quietPolls < 3) {
    if (Date.now() > deadline) throw new Error(`the read models did not catch up within ${catchUpWithinMs} ms: ${last}`);
    const statuses = await Promise.all(
      services.map(async (service) => {
        const response = await fetch(`${service.baseUrl}/v1/read-models`, { headers: { authorization: `Bearer ${analystKey}` } });
        return ((await response.json()) as { readModels: { name: string; lagEvents: number; position: string | null; head: string | null }[] }).readModels;
      }),
    );
    const models = statuses.flat();
    last = JSON.stringify(models.map(({ name, lagEvents, position, head }) => ({ name, lagEvents, position, head })));
    quietPolls = models.every((model) => model.lagEvents === 0) ? quietPolls + 1 : 0;
    await new Promise((done) => setTimeout(done, 1_000));
  }
}
