import { randomBytes } from 'node:crypto';
import { parseExchangeRates } from '@ctp/contracts';
import { openProtectedStores, type ProtectedStores } from '@ctp/event-store';
import { appendHistory } from '@ctp/intake/append-history';
import { generateHistory, type Fact } from '@ctp/synthetic-data';
import { postgresUrl, uniqueName } from '@ctp/test-kit';
import { createTimerStore, type PostgresTimerStore } from '@ctp/timers';
import { afterAll } from 'vitest';
import type { FeedbackDeps } from '../feedback-deps.js';

/** A real store and timer table of one test's own, with 20 customers' year of history appended through intake's own append. */
export interface FeedbackStore {
  readonly stores: ProtectedStores;
  readonly timers: PostgresTimerStore;
  /** The facts appended, in order (registrations, consents, purchases, merges, erasures). */
  readonly facts: readonly Fact[];
  /** Registered customers neither merged away nor erased. */
  readonly customers: readonly string[];
  depsWith(options?: { now?: () => Date }): FeedbackDeps;
  close(): Promise<void>;
}

/** Each call opens a store of its own; all are closed once the file's tests ran. */
export function freshFeedbackStores(seed: string, now: Date): () => Promise<FeedbackStore> {
  const opened: FeedbackStore[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((store) => store.close()));
  });
  return async () => {
    const store = await feedbackStore(seed, now);
    opened.push(store);
    return store;
  };
}

export async function feedbackStore(seed: string, now: Date): Promise<FeedbackStore> {
  const schema = uniqueName(seed);
  const stores = await openProtectedStores({ eventStoreUrl: postgresUrl(), schema, masterKey: randomBytes(32).toString('base64') });
  const timers = await createTimerStore(postgresUrl(), { schema, table: 'feedback_timers' });
  const to = now.toISOString().slice(0, 10);
  const facts = [...generateHistory({ seed, customers: 20, from: `${Number(to.slice(0, 4)) - 1}${to.slice(4)}`, to })];
  await appendHistory({ store: stores.store, erase: (id) => stores.keyring.destroyKey(id) }, facts, { context: { actor: { kind: 'api-key', id: 'test', role: 'integrator' }, correlationId: `${seed}-test`, traceparent: null } });
  const gone = new Set(facts.flatMap((fact) => (fact.type === 'CustomersMerged' ? fact.data.mergedAwayIds : fact.type === 'CustomerErasureRequested' ? [fact.customerId] : [])));
  const customers = facts.filter((fact) => fact.type === 'CustomerRegistered' && !gone.has(fact.customerId)).map((fact) => fact.customerId);
  return {
    stores,
    timers,
    facts,
    customers,
    depsWith: ({ now: clock = () => now } = {}) => ({ store: stores.store, history: stores.reader, timers, rates: parseExchangeRates('CNY', ''), timeZone: 'Asia/Shanghai', clock }),
    close: async () => {
      await Promise.all([stores.close(), timers.close()]);
    },
  };
}
