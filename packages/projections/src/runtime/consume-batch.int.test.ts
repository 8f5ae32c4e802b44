import type { RecordedEvent } from '@ctp/contracts';
import { toKafkaMessage } from '@ctp/event-bus';
import type { KafkaMessage } from 'kafkajs';
import type { Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultRetryPolicy } from '../processing/retry-policy.js';
import { Checkpoints } from '../storage/checkpoints.js';
import { ensureCollections } from '../storage/collections.js';
import { ParkedStreams } from '../storage/parked-streams.js';
import { ensurePointer, versionPointers } from '../storage/version-pointer.js';
import { EventFactory } from '../test-support/event-factory.js';
import { actualTotals, expectedTotals } from '../test-support/expected-totals.js';
import { freshDatabase } from '../test-support/mongo.js';
import { purchaseTotals, type PurchaseTotals } from '../test-support/purchase-totals.js';
import { until } from '../test-support/until.js';
import { applyRound } from '../writes/apply-round.js';
import { encodePosition } from '../writes/position-encoding.js';
import { consumeBatch } from './consume-batch.js';

const asConsumed = (events: readonly RecordedEvent[], firstOffset: number): KafkaMessage[] =>
  events.map((event, index) => {
    const message = toKafkaMessage(event);
    return { key: Buffer.from(message.key), value: Buffer.from(message.value), headers: message.headers, offset: String(firstOffset + index), timestamp: '0', attributes: 0 } as KafkaMessage;
  });

const batchDeps = (db: Db, checkpoints: Checkpoints) => ({
  projection: purchaseTotals,
  db,
  checkpoints,
  parkedStreams: new ParkedStreams(db, purchaseTotals.name),
  parking: { park: async () => undefined },
  retry: defaultRetryPolicy,
  now: () => new Date(),
});

describe('a batch that reaches beyond a rebuild fence', () => {
  let db: Db;
  let close: () => Promise<void>;
  beforeAll(async () => ({ db, close } = await freshDatabase('handoff')));
  afterAll(() => close());

  it('waits, heartbeating, for the switch, then continues in the new version only, where the rebuild left off', async () => {
    const factory = new EventFactory();
    const [e0, e1, e2] = [factory.purchase('A', '1.00'), factory.purchase('A', '2.00'), factory.refund('A', '0.50')] as RecordedEvent[];
    const topic = 'ctp.events.customer';
    const checkpoints = new Checkpoints(db, purchaseTotals.name);
    await ensurePointer(db, purchaseTotals);
    await Promise.all([ensureCollections(db, purchaseTotals, 1), ensureCollections(db, purchaseTotals, 2)]);
    for (const version of [1, 2]) await applyRound(db.collection(`totals_v${version}`), purchaseTotals.handle([e0!]));
    await checkpoints.save(topic, 0, 1, { position: e0!.globalPosition, nextOffset: '1', now: new Date() });
    const fence = { through: encodePosition(e0!.globalPosition), until: new Date(Date.now() + 60_000) };
    await versionPointers(db).updateOne({ _id: purchaseTotals.name }, { $set: { latest: 2, building: { version: 2, collections: {}, readyThrough: fence.through, fence, definitionVersion: 1, startedAt: new Date() } } });

    let heartbeats = 0;
    const consumed = consumeBatch(batchDeps(db, checkpoints), { topic, partition: 0, messages: asConsumed([e1!, e2!], 1), lastOffset: '2' }, async () => void (heartbeats += 1));
    await until(async () => heartbeats >= 3, 'the fenced batch heartbeating');
    expect(await actualTotals(db.collection<PurchaseTotals>('totals_v1'))).toEqual(expectedTotals([e0!]));

    // The rebuild's last catch-up finds e1 in the store, then switches with builtThrough there.
    await applyRound(db.collection('totals_v2'), purchaseTotals.handle([e1!]));
    await versionPointers(db).updateOne(
      { _id: purchaseTotals.name },
      { $set: { active: 2, collections: { totals: 'totals_v2' }, builtThrough: encodePosition(e1!.globalPosition), building: null } },
    );
    expect(await consumed).toEqual({ nextOffset: '3', position: e2!.globalPosition, applied: 2, parked: 0 });
    expect(await checkpoints.read(topic, 0)).toMatchObject({ version: 2, position: e2!.globalPosition, nextOffset: '3' });
    expect(await actualTotals(db.collection<PurchaseTotals>('totals_v2'))).toEqual(expectedTotals([e0!, e1!, e2!]));
    expect(await actualTotals(db.collection<PurchaseTotals>('totals_v1'))).toEqual(expectedTotals([e0!]));
  });
});

describe('a batch of a projection whose version pointer is gone', () => {
  let db: Db;
  let close: () => Promise<void>;
  beforeAll(async () => ({ db, close } = await freshDatabase('pointerless')));
  afterAll(() => close());

  it('creates the pointer again (version 1 active) and applies the batch there', async () => {
    const factory = new EventFactory();
    const events = [factory.purchase('B', '3.00'), factory.refund('B', '1.00')] as RecordedEvent[];
    const topic = 'ctp.events.customer';
    const checkpoints = new Checkpoints(db, purchaseTotals.name);
    await ensureCollections(db, purchaseTotals, 1);

    const outcome = await consumeBatch(batchDeps(db, checkpoints), { topic, partition: 0, messages: asConsumed(events, 0), lastOffset: '1' }, async () => undefined);

    expect(outcome).toEqual({ nextOffset: '2', position: events[1]!.globalPosition, applied: 2, parked: 0 });
    expect(await versionPointers(db).findOne({ _id: purchaseTotals.name })).toMatchObject({ active: 1 });
    expect(await checkpoints.read(topic, 0)).toMatchObject({ version: 1, position: events[1]!.globalPosition, nextOffset: '2' });
    expect(await actualTotals(db.collection<PurchaseTotals>('totals_v1'))).toEqual(expectedTotals(events));
  });
});
