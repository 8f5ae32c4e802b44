#!/usr/bin/env node
// The restore drill's Node steps (restore.sh calls them): seed a small sealed history, rebuild every
// service's read models from a store into a fresh FerretDB database, verify the audit seals, drop
// the drill's databases. Uses the built packages (pnpm turbo run build), never the running services.
import { randomBytes, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { setTimeout as wait } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fromAnalytics = createRequire(join(repo, 'services', 'analytics', 'package.json'));
const load = (specifier) => import(pathToFileURL(fromAnalytics.resolve(specifier)).href);
const dist = (path) => import(pathToFileURL(join(repo, path)).href);

/** Every read model of every service, as each service wires it. */
const readModels = [
  ['intake', 'services/intake/dist/customers/customer-summary.js'],
  ['tiering', 'services/tiering/dist/tiers/tier-projection.js'],
  ['sla', 'services/sla/dist/queue/case-projection.js'],
  ['feedback', 'services/feedback/dist/complaints/complaint-projection.js'],
  ['feedback', 'services/feedback/dist/contacts/contact-projection.js'],
  ['feedback', 'services/feedback/dist/surveys/follow-up-projection.js'],
  ['feedback', 'services/feedback/dist/surveys/population-projection.js'],
  ['feedback', 'services/feedback/dist/improvements/action-list-projection.js'],
  ['analytics', 'services/analytics/dist/retention/customer-projection.js'],
  ['analytics', 'services/analytics/dist/targets/target-projection.js'],
  ['analytics', 'services/analytics/dist/contacts/contact-fact-projection.js'],
  ['analytics', 'services/analytics/dist/complaints/complaint-fact-projection.js'],
  ['analytics', 'services/analytics/dist/service-levels/service-level-projection.js'],
  ['analytics', 'services/analytics/dist/satisfaction/invitation-projection.js'],
  ['analytics', 'services/analytics/dist/tiers/tier-projection.js'],
];

async function projectionsOf(file) {
  const module = await dist(file);
  return Object.values(module).filter((value) => value && typeof value === 'object' && typeof value.handle === 'function' && typeof value.collections === 'object');
}

async function openStores(url, schema, auditSchema) {
  const { createEventStore } = await load('@ctp/event-store');
  const { openAuditStore } = await dist('services/analytics/dist/audit/audit-store.js');
  const events = await createEventStore(url, { schema });
  const audit = await openAuditStore(url, auditSchema);
  return { events, audit, close: async () => Promise.all([events.close(), audit.close()]) };
}

/** A tiny history (customers with a registration and interactions), sealed up to a signed checkpoint of its tail. */
async function seed(url, schema, auditSchema, customers) {
  const { buildEvent } = await load('@ctp/contracts');
  const { AuditSealer } = await dist('services/analytics/dist/audit/sealer.js');
  const { parseSigningKey } = await dist('services/analytics/dist/audit/signing-key.js');
  const stores = await openStores(url, schema, auditSchema);
  const metadata = (customerId) => ({ id: randomUUID(), streamId: `customer-${customerId}`, occurredAt: '2026-03-01T10:15:00+08:00', correlationId: 'restore-drill', causationId: null, actor: { kind: 'system', id: 'restore-drill' }, traceparent: null });
  for (let n = 1; n <= customers; n += 1) {
    const customerId = `C-DRILL-${n}`;
    const registered = buildEvent('CustomerRegistered', { customerId, kind: 'organisation', name: `Drill ${n}`, customerSince: '2020-01-01', source: { system: 'erp', externalId: `ERP-${n}` }, serviceConsent: { method: 'web_form', reference: `form-${n}`, noticeVersion: '2025-01' } }, metadata(customerId));
    const interactions = Array.from({ length: 3 }, (_, i) => buildEvent('InteractionRecorded', { customerId, interactionId: `IX-${n}-${i}`, channel: 'phone', kind: 'inquiry', direction: 'inbound' }, metadata(customerId)));
    await stores.events.append(`customer-${customerId}`, [registered, ...interactions], { expectedRevision: 'no_stream' });
  }
  const sealer = new AuditSealer({ events: stores.events, audit: stores.audit, key: parseSigningKey(randomBytes(32).toString('base64')), clock: () => new Date(), checkpointEvery: 10, checkpointIntervalMs: 200 });
  await sealer.start();
  for (;;) {
    const state = await stores.audit.state();
    if (sealer.sealedPosition() === (await stores.events.headPosition()) && state.checkpointSeq === state.seq) break;
    await wait(100);
  }
  await sealer.stop();
  await stores.close();
  return { customers, events: customers * 4 };
}

async function verify(url, schema, auditSchema) {
  const { verifyAll } = await dist('services/analytics/dist/audit/verify.js');
  const stores = await openStores(url, schema, auditSchema);
  try {
    const result = await verifyAll(stores.events, stores.audit);
    return { ...result, head: await stores.events.headPosition() };
  } finally {
    await stores.close();
  }
}

/** Each service's read models rebuilt from the store into `<prefix>_<service>`, as the admin rebuild does (events as stored). */
async function rebuildAll(url, schema, mongoUrl, prefix) {
  const { createEventStore } = await load('@ctp/event-store');
  const { rebuild } = await load('@ctp/projections');
  const { MongoClient } = await load('mongodb');
  const events = await createEventStore(url, { schema });
  const client = await new MongoClient(mongoUrl).connect();
  const built = {};
  try {
    for (const [service, file] of readModels) {
      for (const projection of await projectionsOf(file)) {
        const result = await rebuild(projection, events, { db: client.db(`${prefix}_${service}`) });
        built[projection.name] = { events: result.events, version: result.version, ms: Math.round(result.durationMs) };
      }
    }
    return built;
  } finally {
    await client.close();
    await events.close();
  }
}

async function dropMongo(mongoUrl, prefix) {
  const { MongoClient } = await load('mongodb');
  const client = await new MongoClient(mongoUrl).connect();
  try {
    const { databases } = await client.db().admin().listDatabases();
    const dropped = databases.map(({ name }) => name).filter((name) => name.startsWith(`${prefix}_`));
    for (const name of dropped) await client.db(name).dropDatabase();
    return { dropped };
  } finally {
    await client.close();
  }
}

const [command, ...args] = process.argv.slice(2);
const commands = {
  seed: () => seed(args[0], args[1], args[2], Number(args[3] ?? 5)),
  verify: () => verify(args[0], args[1], args[2]),
  rebuild: () => rebuildAll(args[0], args[1], args[2], args[3]),
  'drop-mongo': () => dropMongo(args[0], args[1]),
};
if (!commands[command]) {
  process.stderr.write('usage: drill.mjs seed <pg-url> <schema> <audit-schema> [customers] | verify <pg-url> <schema> <audit-schema> | rebuild <pg-url> <schema> <mongo-url> <db-prefix> | drop-mongo <mongo-url> <db-prefix>\n');
  process.exit(2);
}
process.stdout.write(`${JSON.stringify(await commands[command]())}\n`);
