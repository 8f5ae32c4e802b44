import type { RecordedEvent } from '@ctp/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectionWaitTimeoutError } from '../errors.js';
import { activeCollection } from '../storage/version-pointer.js';
import { EventFactory } from '../test-support/event-factory.js';
import { actualTotals, expectedTotals } from '../test-support/expected-totals.js';
import { purchaseTotals, type PurchaseTotals } from '../test-support/purchase-totals.js';
import { drained, runtimeFixture, type RuntimeFixture } from '../test-support/runtime-fixture.js';

function history(factory: EventFactory, customers: number, perCustomer: number): RecordedEvent[] {
  const events: RecordedEvent[] = [];
  for (let round = 0; round < perCustomer; round += 1) {
    for (let customer = 0; customer < customers; customer += 1) {
      const id = `C-${customer}`;
      events.push(round % 4 === 3 ? factory.refund(id, '1.25') : round % 5 === 4 ? factory.interaction(id) : factory.purchase(id, `${round + 1}.${customer % 10}9`));
    }
  }
  return events;
}

describe('delivery: at-least-once in, exactly-once effect', () => {
  let fx: RuntimeFixture<'totals'>;
  const factory = new EventFactory();
  const events = history(factory, 12, 9);

  beforeAll(async () => {
    fx = await runtimeFixture(purchaseTotals);
  });
  afterAll(() => fx.close());

  it('applies every event once, records checkpoints and reports no lag', async () => {
    const runtime = fx.runtime();
    await runtime.start();
    await fx.publish(events);
    await runtime.waitForPosition(factory.lastPosition, 30_000);
    const totals = await activeCollection<PurchaseTotals>(fx.db, 'purchase-totals', 'totals');
    expect(totals.collectionName).toBe('totals_v1');
    expect(await actualTotals(totals)).toEqual(expectedTotals(events));
    const lag = await runtime.lag();
    expect(lag.map((partition) => partition.lag)).toEqual([0, 0, 0]);
    expect(lag.reduce((sum, partition) => sum + Number(partition.highWatermark), 0)).toBe(events.length);
    expect(lag.map((partition) => partition.lastAppliedPosition).sort()).toContain(factory.lastPosition);
    const checkpoints = await fx.db.collection('projection_checkpoints').find({ projection: 'purchase-totals' }).toArray();
    expect(checkpoints).toHaveLength(3);
    expect(checkpoints[0]).toMatchObject({ version: 1, position: expect.stringMatching(/^\d{20}$/), updatedAt: expect.any(Date) });
    await runtime.stop();
  });

  it('changes nothing when the whole topic is delivered again (offsets reset to the beginning)', async () => {
    const totals = await activeCollection<PurchaseTotals>(fx.db, 'purchase-totals', 'totals');
    const before = await totals.find().sort({ _id: 1 }).toArray();
    const topic = fx.naming.events('customer');
    await fx.admin.setOffsets({ groupId: fx.groupId, topic, partitions: [0, 1, 2].map((partition) => ({ partition, offset: '0' })) });
    expect((await fx.admin.fetchOffsets({ groupId: fx.groupId, topics: [topic] }))[0]?.partitions.map((p) => p.offset)).toEqual(['0', '0', '0']);
    const runtime = fx.runtime();
    await runtime.start();
    await drained(runtime);
    await runtime.stop();
    expect(await totals.find().sort({ _id: 1 }).toArray()).toEqual(before);
  });

  it('waits for a position until it is published and applied, and times out otherwise', async () => {
    const runtime = fx.runtime();
    const next = factory.purchase('C-late', '5.00');
    await expect(runtime.waitForPosition(next.globalPosition, 300)).rejects.toBeInstanceOf(ProjectionWaitTimeoutError);
    await fx.publish([next]);
    await expect(runtime.waitForPosition(next.globalPosition, 300)).rejects.toThrow(/has not passed position/);
    const waiting = runtime.waitForPosition(next.globalPosition, 30_000);
    await runtime.start();
    await waiting;
    const totals = await activeCollection<PurchaseTotals>(fx.db, 'purchase-totals', 'totals');
    expect(await totals.findOne({ _id: 'C-late' })).toMatchObject({ purchases: 1, amountMinor: 500 });
    await runtime.stop();
  });

  it('stops after the batch in hand with its offsets committed', async () => {
    const runtime = fx.runtime();
    await runtime.start();
    const more = history(factory, 5, 4);
    await fx.publish(more);
    await runtime.waitForPosition(factory.lastPosition, 30_000);
    await runtime.stop();
    const offsets = await fx.admin.fetchOffsets({ groupId: fx.groupId, topics: [fx.naming.events('customer')] });
    const highs = await fx.admin.fetchTopicOffsets(fx.naming.events('customer'));
    const committed = offsets[0]?.partitions.sort((a, b) => a.partition - b.partition).map((p) => p.offset);
    expect(committed).toEqual(highs.sort((a, b) => a.partition - b.partition).map((p) => p.high));
  });
});
