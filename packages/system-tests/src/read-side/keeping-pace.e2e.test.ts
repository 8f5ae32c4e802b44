import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createEventStore } from '@ctp/event-store';
import { mongoUrl, postgresUrl, repositoryRoot, startServiceStack, type ServiceStack } from '@ctp/test-kit';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedFromStore, type ExpectedCustomer } from './expected-from-store.js';
import { sampleLag, type LagFigures, type LagReading } from './read-model-lag.js';

const run = promisify(execFile);
// CI runs 1,000 customers (about 13,500 facts) through relay, intake and tiering; the long form (docs/benchmarks.md,
// "Keeping pace") is CTP_PACE_CUSTOMERS=20000 or more, with CTP_PACE_SERVICES=all for every service's read models.
const customers = Number(process.env.CTP_PACE_CUSTOMERS ?? 1_000);
const catchUpWithinMs = Number(process.env.CTP_PACE_CATCH_UP_MS ?? 1_200_000);
const allServices = ['relay', 'intake', 'tiering', 'sla', 'feedback', 'analytics', 'outbound'];
// Services without read models (and so without GET /v1/read-models).
const withoutReadModels = new Set(['relay', 'outbound']);
const serviceNames = process.env.CTP_PACE_SERVICES === 'all' ? allServices : (process.env.CTP_PACE_SERVICES ?? 'relay,intake,tiering').split(',');

// A realistic history of customers through intake at the importer's full speed: when the
// read models say they have caught up, every customer's document holds exactly what the event
// store holds (every event applied once, none lost). How far behind the head each read model fell is printed, not
// judged: how fast is for the benchmarks (docs/benchmarks.md).
describe(`the read side after importing ${customers.toLocaleString('en')} customers`, () => {
  let stack: ServiceStack;
  let workDir: string;

  beforeAll(async () => {
    stack = await startServiceStack(serviceNames, {}, 'pace');
    workDir = await mkdtemp(join(tmpdir(), 'ctp-pace-'));
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('imports the history, the read models catch up, and every document equals what the store holds', async () => {
    const schema = stack.schema;
    const history = join(workDir, 'history.ndjson');
    await run(process.execPath, [resolve(repositoryRoot, 'packages/synthetic-data/dist/bin/generate.js'), '--seed', 'pace', '--customers', String(customers), '--from', '2024-12-01', '--to', '2026-12-01', '--out', history], { maxBuffer: 64 * 1024 * 1024 });
    const readers = serviceNames.filter((name) => !withoutReadModels.has(name)).map((name) => stack.service(name));
    const lag = sampleLag(readers, stack.keys.analyst!);
    const importStarted = performance.now();
    let imported: { stdout: string } | undefined;
    let importEnded: number | undefined;
    let caughtUp: number | undefined;
    try {
      imported = await run(process.execPath, [resolve(repositoryRoot, 'packages/importer/dist/bin/ctp-import.js'), history, '--url', stack.service('intake').baseUrl, '--batch-size', '500', '--concurrency', '4'], {
        env: { ...process.env, CTP_API_KEY: stack.keys.integrator, CTP_PRIVACY_KEY: stack.keys.privacy },
        maxBuffer: 64 * 1024 * 1024,
      });
      importEnded = performance.now();
      lag.importEnded();
      expect(imported.stdout).toMatch(/^rejected\s+0$/m);
      await waitUntilCaughtUp(lag);
      caughtUp = performance.now();
    } finally {
      reportPace({ importStarted, importEnded, caughtUp, figures: await lag.stop(), importerSummary: imported?.stdout ?? '', intakeWaits: waitsOf(stack.service('intake').output()) });
    }

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

/** Every read model of every service has consumed everything, three readings in a row (tiering publishes its own events after the facts). */
async function waitUntilCaughtUp(lag: { nextReading(): Promise<LagReading> }): Promise<void> {
  const deadline = Date.now() + catchUpWithinMs;
  let quietReadings = 0;
  let last = '';
  while (quietReadings < 3) {
    if (Date.now() > deadline) throw new Error(`the read models did not catch up within ${catchUpWithinMs} ms: ${last}`);
    // A service too busy to tell (a 503 while Kafka's offsets time out) is not caught up yet.
    const { models, failures } = await lag.nextReading();
    last = failures.length > 0 ? failures.join('; ') : JSON.stringify(models.map(({ name, lagEvents, position, head }) => ({ name, lagEvents, position, head })));
    quietReadings = failures.length === 0 && models.every((model) => model.lagEvents === 0) ? quietReadings + 1 : 0;
  }
}

/** How often and how long intake held writes for the read side, from its log (read-side-gate.ts). */
function waitsOf(intakeLog: string): string {
  const held = intakeLog.split('\n').flatMap((line) => {
    const heldMs = /"heldMs":(\d+)/.exec(line)?.[1];
    return heldMs === undefined ? [] : [Number(heldMs)];
  });
  return `intake held writes for the read side ${held.length} time(s), ${(held.reduce((sum, ms) => sum + ms, 0) / 1_000).toFixed(1)} s in all`;
}

function reportPace(pace: { importStarted: number; importEnded?: number; caughtUp?: number; figures: Map<string, LagFigures>; importerSummary: string; intakeWaits: string }): void {
  const seconds = (ms: number) => `${(ms / 1_000).toFixed(1)} s`;
  const imported = pace.importEnded === undefined ? 'the import did not finish' : `import ${seconds(pace.importEnded - pace.importStarted)}`;
  const caughtUp = pace.importEnded === undefined || pace.caughtUp === undefined ? 'the read models did not catch up' : `every read model reported no lag (three readings in a row) ${seconds(pace.caughtUp - pace.importEnded)} after it ended`;
  const lines = [...pace.figures].map(
    ([name, figure]) =>
      `  ${name}: behind the head at most ${seconds(figure.duringMs)} during the import (${seconds(figure.duringPeakAtMs)} after sampling started), ${seconds(figure.afterMs)} after it; at most ${figure.mostEventsBehind} events behind; more than 5 s behind in ${figure.readingsBeyond} of ${figure.readings} readings`,
  );
  process.stdout.write(`keeping pace, ${customers.toLocaleString('en')} customers, services ${serviceNames.join(', ')}: ${imported}, ${caughtUp}; ${pace.intakeWaits}\n${lines.join('\n') || '  (no reading of any read model)'}\n${pace.importerSummary}`);
}
