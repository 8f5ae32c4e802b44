import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeCollection } from '../storage/version-pointer.js';
import { actualChannelTotals, channels, channelTotals, expectedChannelTotals, type ChannelTotals } from '../test-support/channel-totals.js';
import { toAppend } from '../test-support/event-factory.js';
import { runtimeFixture, type RuntimeFixture } from '../test-support/runtime-fixture.js';
import { storeFixture } from '../test-support/store-fixture.js';
import { rebuild } from './rebuild.js';

const purchase = (index: number) => {
  const customerId = `H-${index % 40}`;
  return toAppend('PurchaseRecorded', customerId, { customerId, orderId: `SO-${index}`, amount: '1.00', currency: 'CNY', channel: channels[index % channels.length]! });
};

/**
 * The rebuild and the live runtime never write one version at once: FerretDB 1.24 would lose one of
 * two updates of a document (docs/projections.md), and here every event of every partition updates
 * one of three documents while the rebuild catches up, fences the runtime and switches.
 */
describe('a rebuild handing over while the live runtime writes documents fed by many streams', () => {
  let fx: RuntimeFixture<'channels'>;
  let es: Awaited<ReturnType<typeof storeFixture>>;

  beforeAll(async () => {
    [fx, es] = await Promise.all([runtimeFixture(channelTotals), storeFixture()]);
  });
  afterAll(async () => {
    await Promise.all([fx.close(), es.close()]);
  });

  it('loses no update and applies none twice, events arriving throughout, in each of three rebuilds', async () => {
    const live = fx.runtime();
    await live.start();
    let sent = 0;
    const append = async (count: number) => {
      const from = sent;
      sent += count;
      await fx.publish(await es.append(Array.from({ length: count }, (_, offset) => purchase(from + offset))));
    };
    await append(300);
    for (const version of [2, 3, 4]) {
      let arriving = true;
      // Eight writers at once, one event each time, so the store keeps moving ahead of the rebuild while it hands over.
      const arrivals = Promise.all(
        Array.from({ length: 8 }, async () => {
          while (arriving) await append(1);
        }),
      );
      const phases: string[] = [];
      const result = await rebuild(channelTotals, es.store, { db: fx.db, batchSize: 20, onProgress: ({ phase }) => void phases.push(phase) });
      await append(20);
      arriving = false;
      await arrivals;
      await live.waitForPosition(fx.published()!, 60_000);

      expect(result.version).toBe(version);
      expect(phases).toContain('handoff');
      // Every event once, as the store holds them (a writer's append may also have read another's event).
      const stored = await es.store.readAll({ after: null, limit: 100_000 });
      const active = await activeCollection<ChannelTotals>(fx.db, channelTotals.name, 'channels');
      expect(active.collectionName).toBe(`channels_v${version}`);
      expect(await actualChannelTotals(active), `version ${version}`).toEqual(expectedChannelTotals(stored));
      const versions = (await fx.db.collection('projection_checkpoints').find({ projection: channelTotals.name }).toArray()).map((checkpoint) => checkpoint.version);
      expect(new Set(versions)).toEqual(new Set([version]));
    }
    await live.stop();
  });
});
