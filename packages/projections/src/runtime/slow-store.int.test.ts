import type { RecordedEvent } from '@ctp/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeCollection } from '../storage/version-pointer.js';
import { EventFactory } from '../test-support/event-factory.js';
import { actualTotals, expectedTotals } from '../test-support/expected-totals.js';
import { purchaseTotals, type PurchaseTotals } from '../test-support/purchase-totals.js';
import { runtimeFixture, type RuntimeFixture } from '../test-support/runtime-fixture.js';
import { lockCollectionTable } from '../test-support/table-lock.js';
import { until } from '../test-support/until.js';

function purchases(factory: EventFactory, customers: number, rounds: number): RecordedEvent[] {
  return Array.from({ length: customers * rounds }, (_, index) => factory.purchase(`S-${index % customers}`, `${(index % 7) + 1}.50`));
}

describe('a batch slower than the consumer group session timeout', () => {
  let fx: RuntimeFixture<'totals'>;
  const factory = new EventFactory();
  const all: RecordedEvent[] = [];
  const sessionTimeoutMs = 6_000;
  const members = async () => (await fx.admin.describeGroups([fx.groupId])).groups[0]?.members.map((member) => member.memberId) ?? [];

  beforeAll(async () => {
    fx = await runtimeFixture(purchaseTotals);
  });
  afterAll(() => fx.close());

  it('keeps its membership while a write is blocked past the session timeout, and applies every event once', async () => {
    const runtime = fx.runtime({ sessionTimeoutMs, heartbeatIntervalMs: 500, stalledAfterMs: 2_000, pacing: { maxMessagesPerPart: 40 } });
    await runtime.lag();
    const lock = await lockCollectionTable(fx.db, 'totals_v1');
    let joined: string[] = [];
    try {
      await runtime.start();
      joined = await members();
      expect(joined).toHaveLength(1);
      all.push(...purchases(factory, 30, 8));
      await fx.publish(all);
      await until(async () => (await lock.blockedWrites()) > 0, 'a write blocked on the lock');
      await until(() => runtime.status().ready === false, 'the status to report the stall');
      expect(runtime.status()).toMatchObject({ state: 'running', partitions: 3, reason: expect.stringMatching(/committed nothing/) });
      // The fault itself, not a synchronisation: the write stays blocked for twice the session timeout.
      await new Promise((resolve) => setTimeout(resolve, 2 * sessionTimeoutMs));
      expect(await members()).toEqual(joined);
    } finally {
      await lock.release();
    }
    await runtime.waitForPosition(factory.lastPosition, 60_000);
    expect(await members()).toEqual(joined);
    const totals = await activeCollection<PurchaseTotals>(fx.db, 'purchase-totals', 'totals');
    expect(await actualTotals(totals)).toEqual(expectedTotals(all));
    await until(() => runtime.status().lag === 0, 'no lag');
    expect(runtime.status()).toMatchObject({ state: 'running', ready: true, reason: null, partitions: 3 });
    await runtime.stop();
    expect(runtime.status()).toMatchObject({ state: 'stopped', ready: false });
  }, 120_000);

  it('takes a long batch in committed parts when its time budget is spent', async () => {
    const saves = async () => (await fx.db.collection('projection_checkpoints').find().toArray()).reduce((sum, checkpoint) => sum + Number(checkpoint.saves), 0);
    const before = await saves();
    const more = purchases(factory, 12, 10);
    all.push(...more);
    await fx.publish(more);
    const runtime = fx.runtime({ pacing: { maxMessagesPerPart: 10, maxBatchMs: 0 } });
    await runtime.start();
    await runtime.waitForPosition(factory.lastPosition, 60_000);
    await runtime.stop();
    expect(await saves()).toBeGreaterThanOrEqual(before + more.length / 10);
    const totals = await activeCollection<PurchaseTotals>(fx.db, 'purchase-totals', 'totals');
    expect(await actualTotals(totals)).toEqual(expectedTotals(all));
  }, 120_000);
});
