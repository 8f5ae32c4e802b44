import type { EventToAppend, RecordedEvent } from '@ctp/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineProjection } from '../definition.js';
import { RebuildError } from '../errors.js';
import { activeCollection, readPointer } from '../storage/version-pointer.js';
import { toAppend } from '../test-support/event-factory.js';
import { actualTotals, expectedTotals } from '../test-support/expected-totals.js';
import { purchaseTotals, type PurchaseTotals } from '../test-support/purchase-totals.js';
import { runtimeFixture, type RuntimeFixture } from '../test-support/runtime-fixture.js';
import { storeFixture } from '../test-support/store-fixture.js';
import { rebuild } from './rebuild.js';

function purchases(customers: number, rounds: number, offset = 0): EventToAppend[] {
  const events: EventToAppend[] = [];
  for (let round = 0; round < rounds; round += 1) {
    for (let customer = 0; customer < customers; customer += 1) {
      const customerId = `R-${customer}`;
      events.push(
        round % 3 === 2
          ? toAppend('PurchaseRefunded', customerId, { customerId, orderId: 'SO-1', refundId: `RF-${offset}-${round}`, amount: '0.50', currency: 'CNY' })
          : toAppend('PurchaseRecorded', customerId, { customerId, orderId: `SO-${offset}-${round}`, amount: `${round + offset + 1}.25`, currency: 'CNY', channel: 'store' }),
      );
    }
  }
  return events;
}

const byId = (documents: PurchaseTotals[]) => [...documents].sort((a, b) => a._id.localeCompare(b._id));

describe('rebuild from the event store', () => {
  let fx: RuntimeFixture<'totals'>;
  let es: Awaited<ReturnType<typeof storeFixture>>;
  const all: RecordedEvent[] = [];

  beforeAll(async () => {
    [fx, es] = await Promise.all([runtimeFixture(purchaseTotals), storeFixture()]);
  });
  afterAll(async () => {
    await Promise.all([fx.close(), es.close()]);
  });

  it('builds a new version with the same documents as the live one, answering from the old until the switch', async () => {
    const live = fx.runtime();
    await live.start();
    all.push(...(await es.append(purchases(15, 12))));
    await fx.publish(all);
    await live.waitForPosition(fx.published()!, 30_000);

    const answeredBy: string[] = [];
    const result = await rebuild(purchaseTotals, es.store, {
      db: fx.db,
      batchSize: 40,
      onProgress: async () => void answeredBy.push((await activeCollection(fx.db, 'purchase-totals', 'totals')).collectionName),
    });
    await live.stop();
    expect(answeredBy.slice(0, -1).every((name) => name === 'totals_v1')).toBe(true);
    expect(answeredBy.at(-1)).toBe('totals_v2');
    expect(result).toMatchObject({ version: 2, previous: 1, position: all.at(-1)?.globalPosition, events: all.length });

    const answering = await activeCollection<PurchaseTotals>(fx.db, 'purchase-totals', 'totals');
    expect(answering.collectionName).toBe('totals_v2');
    const v1 = await fx.db.collection<PurchaseTotals>('totals_v1').find().toArray();
    expect(v1).toHaveLength(15);
    expect(byId(await answering.find().toArray())).toEqual(byId(v1));
    expect(await actualTotals(answering)).toEqual(expectedTotals(all));
  });

  it('loses and doubles nothing while events keep arriving during the rebuild and after the switch', async () => {
    const live = fx.runtime();
    await live.start();
    let batches = 0;
    const result = await rebuild(purchaseTotals, es.store, {
      db: fx.db,
      batchSize: 25,
      onProgress: async (progress) => {
        batches += 1;
        if (progress.phase === 'switched' || batches % 3 !== 0) return;
        const more = await es.append(purchases(15, 1, 100 + batches));
        all.push(...more);
        await fx.publish(more);
      },
    });
    expect(result.version).toBe(3);
    const after = await es.append(purchases(15, 1, 200));
    all.push(...after);
    await fx.publish(after);
    await live.waitForPosition(fx.published()!, 30_000);
    await live.stop();
    const answering = await activeCollection<PurchaseTotals>(fx.db, 'purchase-totals', 'totals');
    expect(answering.collectionName).toBe('totals_v3');
    expect(await actualTotals(answering)).toEqual(expectedTotals(all));
    const versions = (await fx.db.collection('projection_checkpoints').find().toArray()).map((checkpoint) => checkpoint.version);
    expect(new Set(versions)).toEqual(new Set([3]));
  });

  it('hands over partitions nobody is consuming, and the live runtime carries on in the new version', async () => {
    const result = await rebuild(purchaseTotals, es.store, { db: fx.db, batchSize: 100 });
    expect(result).toMatchObject({ version: 4, previous: 3 });
    const v4 = await activeCollection<PurchaseTotals>(fx.db, 'purchase-totals', 'totals');
    expect(v4.collectionName).toBe('totals_v4');
    expect(await actualTotals(v4)).toEqual(expectedTotals(all));

    const more = await es.append(purchases(4, 1, 300));
    all.push(...more);
    await fx.publish(more);
    const live = fx.runtime();
    await live.start();
    await live.waitForPosition(fx.published()!, 30_000);
    await live.stop();
    expect(await actualTotals(v4)).toEqual(expectedTotals(all));
  });

  it('abandons the new version on a poison event and leaves the active one serving', async () => {
    const broken = defineProjection({
      ...purchaseTotals,
      handle: (events: readonly RecordedEvent[]) => {
        if (events.some((event) => event.globalPosition === all[5]?.globalPosition)) throw new Error('bug');
        return purchaseTotals.handle(events);
      },
    });
    const failure = await rebuild(broken, es.store, { db: fx.db, retry: { attempts: 2, baseDelayMs: 1 } }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RebuildError);
    expect(failure).toMatchObject({ code: 'poison_event', message: expect.stringContaining(all[5]!.id) });
    expect(await readPointer(fx.db, 'purchase-totals')).toMatchObject({ active: 4, latest: 5, building: null });
    expect((await activeCollection(fx.db, 'purchase-totals', 'totals')).collectionName).toBe('totals_v4');
  });
});
