import { streamIdFor, type RecordedEvent } from '@ctp/contracts';
import type { EventStore } from '@ctp/event-store';
import { describe, expect, it } from 'vitest';
import { bootstrapPolicy } from '../policy/bootstrap-policy.js';
import { freshTieringStores, lenientPolicy } from '../test-support/tiering-store.js';
import { appendDecision, tieringActor } from '../tiers/tier-stream.js';
import { rollOut, type Rollout } from './rollout.js';

/** A fixed instant: the histories end on its date and the rollout fires at it. */
const now = new Date('2026-03-16T02:00:00Z');

const rolloutOf = (policyVersion: number): Rollout => ({ id: `tier-policy-rollout:default:${policyVersion}`, dueAt: now, policyVersion });

describe('a policy rollout', () => {
  /** Each test's own store: 40 customers with a year of history and policy version 1 published. */
  const given = freshTieringStores('rollout', now);

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
    await rollOut(depsWith(racing), rolloutOf(1));

    expect(competed).toBe(true);
    const contestedEvents = await tierEvents(contested);
    expect(byCause(contestedEvents, 'competitor')).toEqual(['TierAssigned']);
    expect(byCause(contestedEvents, rolloutOf(1).id)).not.toContain('TierAssigned');
    const others = customers.filter((id) => id !== contested);
    expect(others.length).toBeGreaterThan(0);
    for (const customerId of others) expect(byCause(await tierEvents(customerId), rolloutOf(1).id)).toEqual(['TierAssigned']);
  });

  it('skips, when fired again, every customer it decided, even under a version that would move them', async () => {
    const { customers, depsWith, tierEvents, publish } = await given();
    await rollOut(depsWith(), rolloutOf(1));
    await publish(lenientPolicy, 1);
    const before = await Promise.all(customers.map(tierEvents));
    expect(before.map((events) => byCause(events, rolloutOf(1).id))).toEqual(customers.map(() => ['TierAssigned']));
    await rollOut(depsWith(), rolloutOf(1));
    expect(await Promise.all(customers.map(tierEvents))).toEqual(before);

    await rollOut(depsWith(), rolloutOf(2));
    const moved = (await Promise.all(customers.map(tierEvents))).filter((events, i) => events.length > before[i]!.length);
    expect(moved.length).toBeGreaterThan(0);
  });

  it('does nothing for a version a later one superseded: the later one rolls out itself', async () => {
    const { customers, depsWith, tierEvents, publish } = await given();
    await publish(lenientPolicy, 1);
    await publish({ ...bootstrapPolicy, currency: 'CNY' }, 2);
    await rollOut(depsWith(), rolloutOf(2));
    expect(customers.length).toBeGreaterThan(0);
    expect((await Promise.all(customers.map(tierEvents))).flat()).toEqual([]);

    await rollOut(depsWith(), rolloutOf(3));
    expect((await Promise.all(customers.map(tierEvents))).map((events) => byCause(events, rolloutOf(3).id))).toEqual(customers.map(() => ['TierAssigned']));
  });
});

/** The contested customer's assignment as the rollout was about to append it: the competitor appends the same data. */
async function firstAssignment(appends: Parameters<EventStore['appendMany']>[0], customerId: string) {
  const part = appends.find((candidate) => candidate.streamId === streamIdFor('tier', customerId));
  if (!part) throw new Error(`the rollout's first chunk has no decision for ${customerId}`);
  return part.events[0]! as { data: Record<string, unknown> };
}
