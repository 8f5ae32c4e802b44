import { randomBytes } from 'node:crypto';
import { parseExchangeRates, streamIdFor, type RecordedEvent } from '@ctp/contracts';
import { openProtectedStores, type EventStore, type ProtectedStores } from '@ctp/event-store';
import { appendHistory } from '@ctp/intake/append-history';
import { generateHistory } from '@ctp/synthetic-data';
import type { Timer, TimerStore } from '@ctp/timers';
import { postgresUrl, uniqueName } from '@ctp/test-kit';
import { afterAll, describe, expect, it } from 'vitest';
import { bootstrapPolicy } from '../policy/bootstrap-policy.js';
import { publishPolicy } from '../policy/policy-stream.js';
import { appendDecision, tieringActor } from '../tiers/tier-stream.js';
import { rollOut } from './rollout.js';

/** A fixed instant: the histories end on its date and the rollout fires at it. */
const now = new Date('2026-03-16T02:00:00Z');

const rolloutTimer: Timer = {
  id: 'tier-policy-rollout:default:1',
  kind: 'tier-policy-rollout',
  payload: { policyVersion: 1 },
  dueAt: now,
  state: 'pending',
  attempts: 1,
  lastError: null,
  lastAttemptAt: null,
  availableAt: now,
  leasedUntil: null,
  createdAt: now,
  firedAt: null,
  cancelledAt: null,
};

describe('a policy rollout', () => {
  const opened: ProtectedStores[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((stores) => stores.close()));
  });

  /** Each test's own store: 40 customers with a year of history and policy version 1 published. */
  async function given() {
    const stores = await openProtectedStores({ eventStoreUrl: postgresUrl(), schema: uniqueName('rollout'), masterKey: randomBytes(32).toString('base64') });
    opened.push(stores);
    const to = now.toISOString().slice(0, 10);
    const facts = [...generateHistory({ seed: 'rollout', customers: 40, from: `${Number(to.slice(0, 4)) - 1}${to.slice(4)}`, to })];
    await appendHistory({ store: stores.store, erase: (id) => stores.keyring.destroyKey(id) }, facts, { context: { actor: { kind: 'api-key', id: 'test', role: 'integrator' }, correlationId: 'rollout-test', traceparent: null } });
    const gone = new Set(facts.flatMap((fact) => (fact.type === 'CustomersMerged' ? fact.data.mergedAwayIds : fact.type === 'CustomerErasureRequested' ? [fact.customerId] : [])));
    const customers = facts.filter((fact) => fact.type === 'CustomerRegistered' && !gone.has(fact.customerId)).map((fact) => fact.customerId);
    await publishPolicy(stores.store, 'default', { ...bootstrapPolicy, currency: 'CNY' }, { expectedVersion: 0, actor: tieringActor, correlationId: 'rollout-test', occurredAt: now });
    const depsWith = (store: EventStore) => ({ store, history: stores.reader, timers: null as unknown as TimerStore, rates: parseExchangeRates('CNY', ''), policyId: 'default', timeZone: 'Asia/Shanghai', clock: () => now });
    const tierEvents = async (customerId: string) => stores.store.readStream(streamIdFor('tier', customerId));
    return { stores, customers, depsWith, tierEvents };
  }

  const byCause = (events: readonly RecordedEvent[], cause: string) => events.filter((event) => event.causationId === cause).map((event) => event.type);

  it('decides again, customer by customer, when another writer decided on one of its chunk meanwhile', async () => {
    const { stores, customers, depsWith, tierEvents } = await given();
    const contested = customers[0]!;
    let competed = false;
    /** The real store, with another decision landing between the rollout's read and its first append. */
    const racing: EventStore = Object.create(stores.store, {
      appendMany: {
        value: async (appends: Parameters<EventStore['appendMany']>[0]) => {
          if (!competed) {
            competed = true;
            await appendDecision(stores.store, contested, [{ type: 'TierAssigned', data: (await firstAssignment(appends, contested)).data } as never], -1, { causationId: 'competitor', correlationId: 'competitor', occurredAt: now.toISOString(), actor: tieringActor });
          }
          return stores.store.appendMany(appends);
        },
      },
    });
    await rollOut(depsWith(racing), rolloutTimer);

    expect(competed).toBe(true);
    const contestedEvents = await tierEvents(contested);
    expect(byCause(contestedEvents, 'competitor')).toEqual(['TierAssigned']);
    expect(byCause(contestedEvents, rolloutTimer.id)).not.toContain('TierAssigned');
    const others = customers.filter((id) => id !== contested);
    expect(others.length).toBeGreaterThan(0);
    for (const customerId of others) expect(byCause(await tierEvents(customerId), rolloutTimer.id)).toEqual(['TierAssigned']);
  });

  it('skips, when fired again, every customer it decided, even under a version that would move them', async () => {
    const { stores, customers, depsWith, tierEvents } = await given();
    await rollOut(depsWith(stores.store), rolloutTimer);
    const lenient = { ...bootstrapPolicy, currency: 'CNY', tiers: bootstrapPolicy.tiers.map((tier, i, all) => ({ ...tier, minScore: i === all.length - 1 ? 0 : Math.round((tier.minScore - 0.1) * 100) / 100 })) };
    await publishPolicy(stores.store, 'default', lenient, { expectedVersion: 1, actor: tieringActor, correlationId: 'rollout-test', occurredAt: now });
    const before = await Promise.all(customers.map(tierEvents));
    expect(before.map((events) => byCause(events, rolloutTimer.id))).toEqual(customers.map(() => ['TierAssigned']));
    await rollOut(depsWith(stores.store), rolloutTimer);
    expect(await Promise.all(customers.map(tierEvents))).toEqual(before);

    await rollOut(depsWith(stores.store), { ...rolloutTimer, id: 'tier-policy-rollout:default:2' });
    const moved = (await Promise.all(customers.map(tierEvents))).filter((events, i) => events.length > before[i]!.length);
    expect(moved.length).toBeGreaterThan(0);
  });
});

/** The contested customer's assignment as the rollout was about to append it: the competitor appends the same data. */
async function firstAssignment(appends: Parameters<EventStore['appendMany']>[0], customerId: string) {
  const part = appends.find((candidate) => candidate.streamId === streamIdFor('tier', customerId));
  if (!part) throw new Error(`the rollout's first chunk has no decision for ${customerId}`);
  return part.events[0]! as { data: Record<string, unknown> };
}
