import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RecordedEvent } from '@ctp/contracts';
import { openProtectedStores, type EventStore, type ProtectedStores } from '@ctp/event-store';
import { generateHistory } from '@ctp/synthetic-data';
import { freePort, isolatedEnvironment, postgresUrl, startService, type ServiceProcess, uniqueName, waitUntilReady, wholeFeed } from '@ctp/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendHistory } from './append-history.js';

const to = `${new Date().toISOString().slice(0, 7)}-01`;
const facts = [...generateHistory({ seed: 'append-history', customers: 150, from: `${Number(to.slice(0, 4)) - 2}${to.slice(4)}`, to, duplicateShare: 0.1, erasureRate: 0.05 })];

/** What must be the same whichever way a fact came in: not the request's correlation id, trace context or key id. */
// The actor's role is left out: over HTTP a privacy key sends the erasures, the loader has one actor for the whole history.
const asStored = ({ id, type, schemaVersion, streamId, revision, occurredAt, causationId, actor, data }: RecordedEvent) => ({ id, type, schemaVersion, streamId, revision, occurredAt, causationId, actor: { kind: actor.kind }, data });

type StoredStreams = Map<string, ReturnType<typeof asStored>[]>;

async function everything(store: EventStore): Promise<StoredStreams> {
  const streams = new Map<string, ReturnType<typeof asStored>[]>();
  for (const event of await wholeFeed(store)) streams.set(event.streamId, [...(streams.get(event.streamId) ?? []), asStored(event)]);
  return new Map([...streams].sort(([a], [b]) => a.localeCompare(b)));
}

describe('appendHistory', () => {
  const viaHttp = uniqueName('intake_http');
  const direct = uniqueName('intake_direct');
  const masterKey = randomBytes(32).toString('base64');
  let intake: ServiceProcess;
  let stores: ProtectedStores[] = [];

  beforeAll(async () => {
    const isolated = await isolatedEnvironment(viaHttp);
    intake = startService('intake', await freePort(), { ...isolated.environment, DATA_MASTER_KEY: masterKey });
    await waitUntilReady(intake);
    const keys = JSON.parse(await readFile(join(isolated.keysDir, 'dev-keys.json'), 'utf8')) as Record<string, string>;
    for (let i = 0; i < facts.length; i += 500) {
      // Erasure requests need the privacy role: each batch's go after its other facts, with that key.
      const batch = facts.slice(i, i + 500);
      for (const erasures of [false, true]) {
        const events = batch.filter((fact) => (fact.type === 'CustomerErasureRequested') === erasures);
        if (events.length === 0) continue;
        const key = erasures ? keys.privacy! : keys.integrator!;
        const response = await fetch(`${intake.baseUrl}/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ events }) });
        expect(response.status, await response.clone().text()).toBe(202);
      }
    }
    stores = await Promise.all([viaHttp, direct].map((schema) => openProtectedStores({ eventStoreUrl: postgresUrl(), schema, masterKey })));
    const target = stores[1]!;
    await appendHistory({ store: target.store, erase: (customerId) => target.keyring.destroyKey(customerId) }, facts, {
      context: { actor: { kind: 'api-key', id: 'loader', role: 'integrator' }, correlationId: 'loader', traceparent: null },
      factsPerFlush: 700,
      streamsPerAppend: 50,
    });
  });
  afterAll(async () => {
    await intake?.stop();
    await Promise.all(stores.map((opened) => opened.close()));
  });

  it('stores a history as POST /v1/events stores it: the same events per stream, merge markers, encryption and erasures', async () => {
    const types = new Set(facts.map((fact) => fact.type));
    expect(types).toContain('CustomersMerged');
    expect(types).toContain('CustomerErasureRequested');
    const [http, loaded] = (await Promise.all(stores.map((opened) => everything(opened.store)))) as [StoredStreams, StoredStreams];
    expect(loaded).toEqual(http);
    expect([...loaded.values()].flat().filter((event) => event.type === 'CustomerMergedInto').length).toBeGreaterThan(0);
    const [rawHttp, rawLoaded] = (await Promise.all(stores.map((opened) => everything(opened.reader)))) as [StoredStreams, StoredStreams];
    expect(JSON.stringify([...rawLoaded.values()])).not.toBe(JSON.stringify([...loaded.values()]));
    expect([...rawLoaded.keys()]).toEqual([...rawHttp.keys()]);
  });

  it('refuses a fact about a customer that is not registered, or after its merge or erasure', async () => {
    const target = stores[1]!;
    const merge = facts.find((fact) => fact.type === 'CustomersMerged')!;
    const late = { ...facts.find((fact) => fact.type === 'InteractionRecorded')!, id: '00000000-0000-4000-8000-000000000001', customerId: (merge.data as { mergedAwayIds: string[] }).mergedAwayIds[0]! };
    const load = (history: typeof facts) => appendHistory({ store: target.store, erase: async () => undefined }, history, { context: { actor: { kind: 'api-key', id: 'loader', role: 'integrator' }, correlationId: 'loader', traceparent: null } });
    await expect(load([facts.find((fact) => fact.type === 'PurchaseRecorded')!])).rejects.toThrow(/before its registration/);
    await expect(load([...facts.slice(0, facts.indexOf(merge) + 1), late])).rejects.toThrow(/after its merge/);
  });
});
