import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openProtectedStores, type ProtectedStores } from '@ctp/event-store';
import { appendHistory } from '@ctp/intake/append-history';
import { generateHistory, type Fact } from '@ctp/synthetic-data';
import { createTimerStore, type PostgresTimerStore } from '@ctp/timers';
import { freePort, isolatedEnvironment, postgresUrl, startService, type ServiceProcess, uniqueName, waitUntilReady, wholeFeed } from '@ctp/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const people = 3_000;
const to = `${new Date().toISOString().slice(0, 7)}-01`;
const from = `${Number(to.slice(0, 4)) - 2}${to.slice(4)}`;
const lastDay = new Date(Date.parse(`${to}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/** Who tiering should tier: every registered id not merged into another and not erased. */
function customersToTier(facts: readonly Fact[]): Set<string> {
  const customers = new Set<string>();
  for (const fact of facts) {
    if (fact.type === 'CustomerRegistered') customers.add(fact.customerId);
    if (fact.type === 'CustomersMerged') for (const id of fact.data.mergedAwayIds) customers.delete(id);
    if (fact.type === 'CustomerErasureRequested') customers.delete(fact.customerId);
  }
  return customers;
}

describe(`tiering over a stored synthetic history of ${people.toLocaleString('en-US')} people`, () => {
  const schema = uniqueName('tiering_scale');
  const facts = [...generateHistory({ seed: 'dry-run-scale', customers: people, from, to, factsAfterMerge: false })];
  const expected = customersToTier(facts);
  let stores: ProtectedStores;
  let timers: PostgresTimerStore;
  let tiering: ServiceProcess;
  let adminKey: string;

  beforeAll(async () => {
    const isolated = await isolatedEnvironment(schema);
    const masterKey = randomBytes(32).toString('base64');
    stores = await openProtectedStores({ eventStoreUrl: postgresUrl(), schema, masterKey });
    await appendHistory({ store: stores.store, erase: (customerId) => stores.keyring.destroyKey(customerId) }, facts, {
      context: { actor: { kind: 'api-key', id: 'scale-test', role: 'integrator' }, correlationId: 'scale-test', traceparent: null },
    });
    tiering = startService('tiering', await freePort(), { ...isolated.environment, DATA_MASTER_KEY: masterKey, TIMER_POLL_MS: '200' });
    await waitUntilReady(tiering);
    adminKey = (JSON.parse(await readFile(join(isolated.keysDir, 'dev-keys.json'), 'utf8')) as Record<string, string>).admin!;
    timers = await createTimerStore(postgresUrl(), { schema, table: 'tiering_timers' });
  });
  afterAll(async () => {
    await tiering?.stop();
    await Promise.all([stores?.close(), timers?.close()]);
  });

  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${tiering.baseUrl}${path}`, { method, headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(response.ok, await response.clone().text()).toBe(true);
    return (await response.json()) as Record<string, unknown>;
  };
  const policyInForce = async () => {
    const { policyId: _id, policyVersion: _version, ...document } = (await call('GET', '/v1/tier-policy')).policy as Record<string, unknown> & { components: Record<string, unknown>[] };
    return { ...document, components: document.components.map((component) => ({ ...component, normalisation: { method: 'percentile', buckets: 5 } })) };
  };
  const firedAgain = async (id: string, notBefore: number) => {
    for (const deadline = Date.now() + 40_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 200))) {
      const timer = await timers.get(id);
      expect(timer?.lastError ?? null).toBeNull();
      if (timer?.state === 'fired' && timer.firedAt!.getTime() >= notBefore) return;
    }
    throw new Error(`${id} did not fire\n${tiering.output().slice(-3000)}`);
  };
  /** Tier events caused by the timer, per customer. */
  const decisionsOf = async (causationId: string) => {
    const perCustomer = new Map<string, string[]>();
    for (const event of (await wholeFeed(stores.reader)).filter((candidate) => candidate.causationId === causationId)) {
      const customerId = event.streamId.slice('tier-'.length);
      perCustomer.set(customerId, [...(perCustomer.get(customerId) ?? []), event.type]);
    }
    return perCustomer;
  };

  it('dry-runs a percentile policy over every customer as of the history\'s last day, with a sane distribution', async () => {
    const result = (await call('POST', '/v1/tier-policy/dry-run', { policy: await policyInForce(), asOf: lastDay })) as { total: number; distributionAfter: Record<string, number> };
    expect(result.total).toBe(expected.size);
    const tiers = Object.values(result.distributionAfter);
    expect(tiers).toHaveLength(4);
    expect(tiers.reduce((sum, count) => sum + count, 0)).toBe(expected.size);
    for (const count of tiers) expect(count / expected.size).toBeGreaterThan(0.01);
    expect(Math.max(...tiers) / expected.size).toBeLessThan(0.8);
  });

  it('rolls a published version out to every customer exactly once, and firing its timer again appends nothing', async () => {
    const published = await call('PUT', '/v1/tier-policy', { policy: { ...(await policyInForce()), effectiveFrom: new Date(Date.now() - 60_000).toISOString() }, expectedVersion: 1 });
    const rollout = `tier-policy-rollout:default:${String(published.policyVersion)}`;
    // No relay runs here, so tiering's reactor never sees the published version: schedule its rollout as the reactor would.
    await timers.schedule({ id: rollout, kind: 'tier-policy-rollout', dueAt: new Date(), payload: { policyVersion: Number(published.policyVersion) } });
    await firedAgain(rollout, 0);
    const decided = await decisionsOf(rollout);
    expect(new Set(decided.keys())).toEqual(expected);
    expect([...decided.values()].filter((types) => types.length !== 1 || types[0] !== 'TierAssigned')).toEqual([]);

    const { dueAt, payload } = (await timers.get(rollout))!;
    const refiredAt = Date.now();
    await timers.purge(new Date(refiredAt + 1));
    await timers.schedule({ id: rollout, kind: 'tier-policy-rollout', dueAt, payload });
    await firedAgain(rollout, refiredAt);
    expect(await decisionsOf(rollout)).toEqual(decided);
  });
});
