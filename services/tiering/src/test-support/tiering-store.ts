import { randomBytes } from 'node:crypto';
import { parseExchangeRates, streamIdFor } from '@ctp/contracts';
import { openProtectedStores, type EventStore, type ProtectedStores } from '@ctp/event-store';
import { appendHistory } from '@ctp/intake/append-history';
import { generateHistory } from '@ctp/synthetic-data';
import { postgresUrl, uniqueName } from '@ctp/test-kit';
import { createTimerStore, type PostgresTimerStore } from '@ctp/timers';
import { afterAll } from 'vitest';
import { bootstrapPolicy } from '../policy/bootstrap-policy.js';
import { publishPolicy } from '../policy/policy-stream.js';
import { tieringActor } from '../tiers/tier-stream.js';
import type { TieringDeps } from '../tiering-deps.js';

/** A real store and timer table of one test's own: 40 customers with a year of history up to `now`, and policy version 1 published. */
export interface TieringStore {
  readonly stores: ProtectedStores;
  readonly timers: PostgresTimerStore;
  /** Registered customers neither merged away nor erased. */
  readonly customers: readonly string[];
  /** tiering's dependencies on this store (or on a stand-in for its writing side), with the clock stopped at `now`. */
  depsWith(store?: EventStore): TieringDeps;
  tierEvents(customerId: string): ReturnType<EventStore['readStream']>;
  /** Publishes the next version, as the policy route does. */
  publish(document: typeof bootstrapPolicy, expectedVersion: number): ReturnType<typeof publishPolicy>;
  close(): Promise<void>;
}

/** Each call opens a store of its own (see tieringStore); all are closed once the file's tests ran. */
export function freshTieringStores(seed: string, now: Date): () => Promise<TieringStore> {
  const opened: TieringStore[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((store) => store.close()));
  });
  return async () => {
    const store = await tieringStore(seed, now);
    opened.push(store);
    return store;
  };
}

export async function tieringStore(seed: string, now: Date): Promise<TieringStore> {
  const schema = uniqueName(seed);
  const stores = await openProtectedStores({ eventStoreUrl: postgresUrl(), schema, masterKey: randomBytes(32).toString('base64') });
  const timers = await createTimerStore(postgresUrl(), { schema, table: 'tiering_timers' });
  const to = now.toISOString().slice(0, 10);
  const facts = [...generateHistory({ seed, customers: 40, from: `${Number(to.slice(0, 4)) - 1}${to.slice(4)}`, to })];
  await appendHistory({ store: stores.store, erase: (id) => stores.keyring.destroyKey(id) }, facts, { context: { actor: { kind: 'api-key', id: 'test', role: 'integrator' }, correlationId: `${seed}-test`, traceparent: null } });
  const gone = new Set(facts.flatMap((fact) => (fact.type === 'CustomersMerged' ? fact.data.mergedAwayIds : fact.type === 'CustomerErasureRequested' ? [fact.customerId] : [])));
  const customers = facts.filter((fact) => fact.type === 'CustomerRegistered' && !gone.has(fact.customerId)).map((fact) => fact.customerId);
  const publish = (document: typeof bootstrapPolicy, expectedVersion: number) =>
    publishPolicy(stores.store, 'default', document, { expectedVersion, actor: tieringActor, correlationId: `${seed}-test`, occurredAt: now });
  await publish({ ...bootstrapPolicy, currency: 'CNY' }, 0);
  return {
    stores,
    timers,
    customers,
    depsWith: (store = stores.store) => ({ store, history: stores.reader, timers, rates: parseExchangeRates('CNY', ''), policyId: 'default', timeZone: 'Asia/Shanghai', clock: () => now }),
    tierEvents: (customerId) => stores.store.readStream(streamIdFor('tier', customerId)),
    publish,
    close: async () => {
      await Promise.all([stores.close(), timers.close()]);
    },
  };
}

/** The bootstrap policy with every threshold 0.1 lower: a version under which some customers move. */
export const lenientPolicy = { ...bootstrapPolicy, currency: 'CNY', tiers: bootstrapPolicy.tiers.map((tier, i, all) => ({ ...tier, minScore: i === all.length - 1 ? 0 : Math.round((tier.minScore - 0.1) * 100) / 100 })) };
