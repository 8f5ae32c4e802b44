import type { RecordedEvent } from '@ctp/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineProjection } from '../definition.js';
import { activeCollection } from '../storage/version-pointer.js';
import { EventFactory } from '../test-support/event-factory.js';
import { actualTotals, expectedTotals } from '../test-support/expected-totals.js';
import { purchaseTotals, type PurchaseTotals } from '../test-support/purchase-totals.js';
import { runtimeFixture, type RuntimeFixture } from '../test-support/runtime-fixture.js';

describe('poison events: retried, parked with their error, re-driven after a fix', () => {
  const factory = new EventFactory();
  const [a1, b1, a2, c1, a3, b2] = [
    factory.purchase('A', '10.00'),
    factory.purchase('B', '20.00'),
    factory.purchase('A', '11.00'),
    factory.purchase('C', '30.00'),
    factory.refund('A', '1.00'),
    factory.purchase('B', '21.00'),
  ] as RecordedEvent[];
  const poison = a2!;
  let fixed = false;
  const fragile = defineProjection({
    ...purchaseTotals,
    handle: (events: readonly RecordedEvent[]) => {
      if (!fixed && events.some((event) => event.id === poison.id)) throw new TypeError(`cannot handle ${poison.id}`);
      return purchaseTotals.handle(events);
    },
  });
  let fx: RuntimeFixture<'totals'>;

  beforeAll(async () => {
    fx = await runtimeFixture(fragile);
  });
  afterAll(() => fx.close());

  it('parks exactly the failing event with its error, holds back its stream, applies the others', async () => {
    const runtime = fx.runtime({ retry: { attempts: 3, baseDelayMs: 20 } });
    await runtime.start();
    await fx.publish([a1!, b1!, a2!, c1!, a3!, b2!]);
    await runtime.waitForPosition(factory.lastPosition, 30_000);
    await runtime.stop();

    const letters = await fx.deadLetters(2);
    expect(letters.map(({ letter, event }) => [event.id, letter.reason, letter.blockedBy])).toEqual([
      [poison.id, 'handler_failed', null],
      [a3!.id, 'stream_blocked', poison.id],
    ]);
    const [first] = letters;
    expect(first?.event).toEqual(poison);
    expect(first?.letter).toMatchObject({
      consumer: 'purchase-totals',
      attempts: 3,
      error: { name: 'TypeError', message: `cannot handle ${poison.id}`, stack: expect.stringContaining('TypeError: cannot handle') },
      original: { topic: fx.naming.events('customer'), partition: expect.any(Number), offset: expect.stringMatching(/^\d+$/) },
    });

    const totals = await activeCollection<PurchaseTotals>(fx.db, 'purchase-totals', 'totals');
    expect(await actualTotals(totals)).toEqual(expectedTotals([a1!, b1!, c1!, b2!]));
    expect(await fx.db.collection('projection_parked_streams').find().toArray()).toEqual([
      expect.objectContaining({ streamId: 'customer-A', blockedBy: poison.id, parked: 2 }),
    ]);
  });

  it('keeps parking later events of the blocked stream until a redrive', async () => {
    const a4 = factory.purchase('A', '12.00');
    const runtime = fx.runtime();
    await runtime.start();
    await fx.publish([a4]);
    await runtime.waitForPosition(a4.globalPosition, 30_000);
    await runtime.stop();
    const letters = await fx.deadLetters(3);
    expect(letters.map(({ event, letter }) => [event.id, letter.reason])).toEqual([
      [poison.id, 'handler_failed'],
      [a3!.id, 'stream_blocked'],
      [a4.id, 'stream_blocked'],
    ]);
  });

  it('re-drives the parked events in order once fixed, unblocks the stream, and does so once', async () => {
    fixed = true;
    const runtime = fx.runtime();
    const result = await runtime.redrive();
    expect(result).toEqual({ redriven: 3, applied: 3, reparked: 0, unblocked: ['customer-A'], stillBlocked: [] });
    const totals = await activeCollection<PurchaseTotals>(fx.db, 'purchase-totals', 'totals');
    const everything = [a1!, b1!, a2!, c1!, a3!, b2!];
    expect(await totals.findOne({ _id: 'A' })).toMatchObject({ purchases: 3, amountMinor: 3300, refunds: 1, refundedMinor: 100 });
    expect(await runtime.redrive()).toEqual({ redriven: 0, applied: 0, reparked: 0, unblocked: [], stillBlocked: [] });
    expect(await fx.db.collection('projection_parked_streams').countDocuments()).toBe(0);

    const a5 = factory.purchase('A', '1.00');
    await runtime.start();
    await fx.publish([a5]);
    await runtime.waitForPosition(a5.globalPosition, 30_000);
    await runtime.stop();
    expect((await actualTotals(totals)).find((row) => row._id === 'A')).toMatchObject({ purchases: 4, amountMinor: 3400 });
    expect((await actualTotals(totals)).filter((row) => row._id !== 'A')).toEqual(expectedTotals(everything).filter((row) => row._id !== 'A'));
  });
});
