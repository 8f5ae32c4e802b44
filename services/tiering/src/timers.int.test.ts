import { startTimerWorker, TimerPayloadError } from '@ctp/timers';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { lenientPolicy, tieringStore, type TieringStore } from './test-support/tiering-store.js';
import { scheduleOverrideExpiry, scheduleReview, scheduleRollout, tieringTimers } from './timers.js';

/** A fixed instant: the histories end on its date and versions are published at it. */
const now = new Date('2026-03-16T02:00:00Z');

describe("tiering's timer kinds", () => {
  const opened: TieringStore[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((store) => store.close()));
  });

  async function given(seed: string) {
    const store = await tieringStore(seed, now);
    opened.push(store);
    return store;
  }

  it('refuses to schedule a payload its kind does not accept, naming the fields, and stores nothing', async () => {
    const { depsWith, timers } = await given('timer_kinds_refused');
    const deps = depsWith();
    await expect(scheduleReview(deps, 'C 1', '2026-02-30')).rejects.toThrow(TimerPayloadError);
    await expect(scheduleReview(deps, 'C 1', '2026-02-30')).rejects.toThrow(/customerId: .+; reviewDate: /);
    await expect(scheduleOverrideExpiry(deps, { customerId: 'C-1', overrideId: '', expiresAt: now.toISOString() })).rejects.toThrow(/overrideId: /);
    await expect(scheduleRollout(deps, { ...lenientPolicy, policyId: 'default', policyVersion: 0 }, now.toISOString())).rejects.toThrow(/policyVersion: /);
    expect(await timers.countPending()).toBe(0);
  });

  it('fires a rollout through the declared kinds, and parks a timer of an undeclared kind or with a payload its kind refuses', async () => {
    const { depsWith, timers, publish, customers, tierEvents } = await given('timer_kinds_parked');
    await publish(lenientPolicy, 1);
    const rolloutId = 'tier-policy-rollout:default:2';
    await timers.schedule({ id: rolloutId, kind: 'tier-policy-rollout', dueAt: now, payload: { policyVersion: 2 } });
    await timers.schedule({ id: 'tier-reminder:C-1', kind: 'tier-reminder', dueAt: now, payload: { customerId: 'C-1' } });
    await timers.schedule({ id: 'tier-review:C-1:bad', kind: 'tier-review', dueAt: now, payload: { customerId: 'C-1', reviewDate: 'tomorrow' } });

    const worker = startTimerWorker({ store: timers, handle: tieringTimers.handler(depsWith()), now: () => now, pollIntervalMs: 20 });
    try {
      await vi.waitFor(async () => expect((await timers.get(rolloutId))?.state).toBe('fired'), { timeout: 30_000 });
      await vi.waitFor(async () => expect(await timers.parked()).toHaveLength(2));
    } finally {
      await worker.stop();
    }
    expect(await timers.get('tier-reminder:C-1')).toMatchObject({ state: 'parked', attempts: 1, lastError: expect.stringMatching(/^unknown_kind: no timer kind "tier-reminder"/) });
    expect(await timers.get('tier-review:C-1:bad')).toMatchObject({ state: 'parked', attempts: 1, lastError: expect.stringMatching(/^invalid_payload: reviewDate: /) });
    expect(customers.length).toBeGreaterThan(0);
    for (const customerId of customers) expect((await tierEvents(customerId)).map(({ causationId }) => causationId)).toEqual([rolloutId]);
  });
});
