import { streamIdFor } from '@ctp/contracts';
import { describe, expect, it } from 'vitest';
import { rollOut } from '../rollout/rollout.js';
import { freshTieringStores, lenientPolicy } from '../test-support/tiering-store.js';
import { reactToEvents } from './reassess.js';

/** A fixed instant: the histories end on its date and versions are published at it. */
const now = new Date('2026-03-16T02:00:00Z');
const noHeartbeat = async () => undefined;
const rolloutId = (version: number) => `tier-policy-rollout:default:${version}`;

describe('the reactor, on a published policy version', () => {
  const fresh = freshTieringStores('policy_reactor', now);
  async function given() {
    const store = await fresh();
    const policyEvents = () => store.stores.store.readStream(streamIdFor('tierPolicy', 'default'));
    return { ...store, policyEvents };
  }

  it('schedules the rollout of a version appended straight to the store, which then tiers every customer', async () => {
    const { customers, depsWith, timers, publish, policyEvents, tierEvents } = await given();
    await publish(lenientPolicy, 1);
    await reactToEvents(depsWith(), await policyEvents(), noHeartbeat);

    expect(await timers.get(rolloutId(2))).toMatchObject({ kind: 'tier-policy-rollout', state: 'pending', dueAt: now, payload: { policyVersion: 2 } });
    await rollOut(depsWith(), { id: rolloutId(2), dueAt: now, policyVersion: 2 });
    expect(customers.length).toBeGreaterThan(0);
    for (const customerId of customers) expect((await tierEvents(customerId)).map(({ type, causationId }) => [type, causationId])).toEqual([['TierAssigned', rolloutId(2)]]);
  });

  it('schedules no rollout for version 1, the bootstrap policy', async () => {
    const { depsWith, timers, policyEvents } = await given();
    const [bootstrap] = await policyEvents();
    expect(bootstrap).toMatchObject({ type: 'TierPolicyVersionPublished', data: { policyVersion: 1 } });
    await reactToEvents(depsWith(), [bootstrap!], noHeartbeat);
    expect(await timers.get(rolloutId(1))).toBeNull();
    expect(await timers.countPending()).toBe(0);
  });

  it('schedules nothing again when the policy topic is replayed after the rollout fired', async () => {
    const { depsWith, timers, publish, policyEvents } = await given();
    await publish(lenientPolicy, 1);
    await reactToEvents(depsWith(), await policyEvents(), noHeartbeat);
    const { token, timers: claimed } = await timers.claim({ now, leaseMs: 60_000, limit: 10, kinds: ['tier-policy-rollout'] });
    expect(claimed.map(({ id }) => id)).toEqual([rolloutId(2)]);
    expect(await timers.complete(rolloutId(2), token, now)).toBe(true);
    const fired = await timers.get(rolloutId(2));

    await reactToEvents(depsWith(), await policyEvents(), noHeartbeat);
    expect(await timers.get(rolloutId(2))).toEqual(fired);
    expect(fired).toMatchObject({ state: 'fired' });
    expect(await timers.countPending()).toBe(0);
  });
});
