import { randomBytes } from 'node:crypto';
import { defaultCalendarDocument } from '@ctp/calendar';
import { streamIdFor } from '@ctp/contracts';
import { openProtectedStores, type ProtectedStores } from '@ctp/event-store';
import { appendHistory } from '@ctp/intake/append-history';
import { generateHistory } from '@ctp/synthetic-data';
import { postgresUrl, uniqueName } from '@ctp/test-kit';
import { createTimerStore, type PostgresTimerStore } from '@ctp/timers';
import { afterAll } from 'vitest';
import { publishCalendar } from '../calendars/calendar-stream.js';
import { defaultSlaPolicy } from '../domain/default-sla-policy.js';
import type { SlaPolicy } from '../domain/sla-policy.js';
import { publishSlaPolicy } from '../policies/sla-policy-stream.js';
import type { SlaDeps, TierAtStart, TierLookup } from '../sla-deps.js';
import { customerDirectory } from '../customers/customer-directory.js';

export const testActor = { kind: 'service', id: 'sla' } as const;

/** The default policy as tests publish it: key accounts and gold with their priority response hours. */
export const testPolicy: SlaPolicy = defaultSlaPolicy([
  { tier: 'key_account', service: { dedicatedManager: true, priorityResponseHours: 24 } },
  { tier: 'gold', service: { dedicatedManager: false, priorityResponseHours: 48 } },
]);

/**
 * A real store and timer table of one test's own: 20 customers registered through intake's own append,
 * the default calendar and SLA policy version 1 published. Tiers come from `tiers` (customer id to tier):
 * in-process tests answer for tiering here; end-to-end tests ask the real service.
 */
export interface SlaStore {
  readonly stores: ProtectedStores;
  readonly timers: PostgresTimerStore;
  /** Registered customers neither merged away nor erased. */
  readonly customers: readonly string[];
  depsWith(options?: { tiers?: Readonly<Record<string, string>>; now?: () => Date }): SlaDeps;
  caseEvents(caseId: string): ReturnType<ProtectedStores['store']['readStream']>;
  close(): Promise<void>;
}

/** A tier lookup answering from a fixed map: the tier policy version 1 for every customer it names. */
export const fixedTiers = (tiers: Readonly<Record<string, string>>): TierLookup => ({
  tierAt: async (customerId): Promise<TierAtStart | null> => {
    const tier = tiers[customerId];
    return tier ? { tier, tierPolicyId: 'default', tierPolicyVersion: 1 } : null;
  },
});

/** Each call opens a store of its own; all are closed once the file's tests ran. */
export function freshSlaStores(seed: string, now: Date): () => Promise<SlaStore> {
  const opened: SlaStore[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((store) => store.close()));
  });
  return async () => {
    const store = await slaStore(seed, now);
    opened.push(store);
    return store;
  };
}

export async function slaStore(seed: string, now: Date): Promise<SlaStore> {
  const schema = uniqueName(seed);
  const stores = await openProtectedStores({ eventStoreUrl: postgresUrl(), schema, masterKey: randomBytes(32).toString('base64') });
  const timers = await createTimerStore(postgresUrl(), { schema, table: 'sla_timers' });
  const to = now.toISOString().slice(0, 10);
  const facts = [...generateHistory({ seed, customers: 20, from: `${Number(to.slice(0, 4)) - 1}${to.slice(4)}`, to })];
  await appendHistory({ store: stores.store, erase: (id) => stores.keyring.destroyKey(id) }, facts, { context: { actor: { kind: 'api-key', id: 'test', role: 'integrator' }, correlationId: `${seed}-test`, traceparent: null } });
  const gone = new Set(facts.flatMap((fact) => (fact.type === 'CustomersMerged' ? fact.data.mergedAwayIds : fact.type === 'CustomerErasureRequested' ? [fact.customerId] : [])));
  const customers = facts.filter((fact) => fact.type === 'CustomerRegistered' && !gone.has(fact.customerId)).map((fact) => fact.customerId);
  const context = { actor: testActor, correlationId: `${seed}-test`, occurredAt: new Date('2025-01-01T00:00:00Z') };
  await publishCalendar(stores.store, defaultCalendarDocument, context);
  await publishSlaPolicy(stores.store, testPolicy, context);
  return {
    stores,
    timers,
    customers,
    depsWith: ({ tiers = {}, now: clock = () => now } = {}) => ({
      store: stores.store,
      history: stores.reader,
      timers,
      policyId: testPolicy.id,
      tiers: fixedTiers(tiers),
      customers: customerDirectory(stores.reader),
      teams: { crisis: 'crisis-response', queue: 'service-desk' },
      clock,
    }),
    caseEvents: (caseId) => stores.store.readStream(streamIdFor('case', caseId)),
    close: async () => {
      await Promise.all([stores.close(), timers.close()]);
    },
  };
}
