import type { RecordedEvent } from '@ctp/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeCollection } from '../storage/version-pointer.js';
import { EventFactory } from '../test-support/event-factory.js';
import { actualTotals, expectedTotals } from '../test-support/expected-totals.js';
import { purchaseTotals, type PurchaseTotals } from '../test-support/purchase-totals.js';
import { drained, runtimeFixture, type RuntimeFixture } from '../test-support/runtime-fixture.js';

describe('one write per document per batch', () => {
  let fx: RuntimeFixture<'totals'>;
  const factory = new EventFactory();
  const all: RecordedEvent[] = [];

  beforeAll(async () => {
    fx = await runtimeFixture(purchaseTotals);
  });
  afterAll(() => fx.close());

  it('costs one write for a burst of 500 events of one customer', async () => {
    const burst = Array.from({ length: 500 }, (_, index) => (index % 10 === 9 ? factory.refund('BURST', '0.50') : factory.purchase('BURST', `${(index % 9) + 1}.25`)));
    all.push(...burst);
    await fx.publishAtOnce(burst);
    const runtime = fx.runtime();
    await runtime.start();
    await runtime.waitForPosition(factory.lastPosition, 60_000);
    await runtime.stop();
    expect(fx.updates('totals_v1')).toBe(1);
    const totals = await activeCollection<PurchaseTotals>(fx.db, 'purchase-totals', 'totals');
    expect(await actualTotals(totals)).toEqual(expectedTotals(all));
  });

  it('applies each event once when batches are delivered again cut differently', async () => {
    const more = Array.from({ length: 150 }, (_, index) => factory.purchase(`C-${index % 12}`, `${(index % 5) + 1}.10`));
    all.push(...more);
    await fx.publish(more);
    const first = fx.runtime({ pacing: { maxMessagesPerPart: 7 } });
    await first.start();
    await first.waitForPosition(factory.lastPosition, 60_000);
    await first.stop();
    const totals = await activeCollection<PurchaseTotals>(fx.db, 'purchase-totals', 'totals');
    const before = await totals.find().sort({ _id: 1 }).toArray();
    expect(await actualTotals(totals)).toEqual(expectedTotals(all));

    const topic = fx.naming.events('customer');
    for (const [offset, part] of [['5', 11], ['0', 1_000]] as const) {
      await fx.admin.setOffsets({ groupId: fx.groupId, topic, partitions: [0, 1, 2].map((partition) => ({ partition, offset })) });
      const again = fx.runtime({ pacing: { maxMessagesPerPart: part } });
      await again.start();
      await drained(again);
      await again.stop();
      expect(await totals.find().sort({ _id: 1 }).toArray()).toEqual(before);
    }
  });
});
