import type { RecordedEvent } from '@ctp/contracts';
import { toKafkaMessage } from '@ctp/event-bus';
import type { KafkaMessage } from 'kafkajs';
import type { Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultRetryPolicy } from '../processing/retry-policy.js';
import { Checkpoints, type CheckpointUpdate } from '../storage/checkpoints.js';
import { ensureCollections } from '../storage/collections.js';
import { ParkedStreams } from '../storage/parked-streams.js';
import { ensurePointer, versionPointers } from '../storage/version-pointer.js';
import { EventFactory } from '../test-support/event-factory.js';
import { actualTotals, expectedTotals } from '../test-support/expected-totals.js';
import { freshDatabase } from '../test-support/mongo.js';
import { purchaseTotals, type PurchaseTotals } from '../test-support/purchase-totals.js';
import { applyRound } from '../writes/apply-round.js';
import { encodePosition } from '../writes/position-encoding.js';
import { consumeBatch } from './consume-batch.js';

const asConsumed = (events: readonly RecordedEvent[], firstOffset: number): KafkaMessage[] =>
  events.map((event, index) => {
    const message = toKafkaMessage(event);
    return { key: Buffer.from(message.key), value: Buffer.from(message.value), headers: message.headers, offset: String(firstOffset + index), timestamp: '0', attributes: 0 } as KafkaMessage;
  });

/** Checkpoints whose save lets a rebuild's flip land first: the race between a batch's write and its checkpoint. */
class FlippedDuringBatch extends Checkpoints {
  constructor(db: Db, private readonly beforeSave: () => Promise<void>) {
    super(db, purchaseTotals.name);
  }
  private fired = false;
  override async save(topic: string, partition: number, version: number, update: CheckpointUpdate) {
    if (!this.fired) {
      this.fired = true;
      await this.beforeSave();
    }
    return super.save(topic, partition, version, update);
  }
}

describe('a batch whose partition is handed to a rebuilt version while it writes', () => {
  let db: Db;
  let close: () => Promise<void>;
  beforeAll(async () => ({ db, close } = await freshDatabase('handoff')));
  afterAll(() => close());

  it('notices on saving its checkpoint and writes itself into the new version too', async () => {
    const factory = new EventFactory();
    const [e0, e1, e2] = [factory.purchase('A', '1.00'), factory.purchase('A', '2.00'), factory.refund('A', '0.50')] as RecordedEvent[];
    const topic = 'ctp.events.customer';
    const plain = new Checkpoints(db, purchaseTotals.name);
    await ensurePointer(db, purchaseTotals);
    await Promise.all([ensureCollections(db, purchaseTotals, 1), ensureCollections(db, purchaseTotals, 2)]);
    for (const version of [1, 2]) await applyRound(db.collection(`totals_v${version}`), purchaseTotals.handle([e0!]));
    await plain.save(topic, 0, 1, { position: e0!.globalPosition, nextOffset: '1', now: new Date() });
    await versionPointers(db).updateOne({ _id: purchaseTotals.name }, { $set: { latest: 2, building: { version: 2, collections: {}, readyThrough: null, definitionVersion: 1, startedAt: new Date() } } });

    const rebuildFlips = async () => {
      await versionPointers(db).updateOne({ _id: purchaseTotals.name }, { $set: { 'building.readyThrough': encodePosition(e0!.globalPosition) } });
      const checkpoint = await plain.read(topic, 0);
      expect(await plain.flip(checkpoint!, 2)).toBe(true);
    };
    const deps = {
      projection: purchaseTotals,
      db,
      checkpoints: new FlippedDuringBatch(db, rebuildFlips),
      parkedStreams: new ParkedStreams(db, purchaseTotals.name),
      parking: { park: async () => undefined },
      retry: defaultRetryPolicy,
      now: () => new Date(),
    };
    const outcome = await consumeBatch(deps, { topic, partition: 0, messages: asConsumed([e1!, e2!], 1), lastOffset: '2' }, async () => undefined);

    expect(outcome).toEqual({ nextOffset: '3', position: e2!.globalPosition, applied: 2, parked: 0 });
    expect(await plain.read(topic, 0)).toMatchObject({ version: 2, position: e2!.globalPosition, nextOffset: '3' });
    for (const version of [1, 2]) {
      expect(await actualTotals(db.collection<PurchaseTotals>(`totals_v${version}`))).toEqual(expectedTotals([e0!, e1!, e2!]));
    }
  });
});
