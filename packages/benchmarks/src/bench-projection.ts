import { decimalToMinorUnits, decodeRecordedEvent, type RecordedEvent } from '@ctp/contracts';
import { defineProjection, encodePosition, guardedUpsert, type ProjectionWrite } from '@ctp/projections';
import type { AnyBulkWriteOperation, Db, Document } from 'mongodb';

/**
 * The projection every benchmark runs: the same writes as the sample purchase-totals projection
 * (packages/projections/src/test-support), one guarded upsert per purchase.
 */
export const benchTotals = defineProjection({
  name: 'bench-totals',
  version: 1,
  categories: ['customer'],
  collections: { totals: { indexes: [{ key: { amountMinor: -1 } }, { key: { currency: 1, purchases: -1 } }] } },
  handle: (events) => events.flatMap(writesFor),
});

function writesFor(raw: RecordedEvent): ProjectionWrite<'totals'>[] {
  const event = decodeRecordedEvent(raw);
  if (event.type !== 'PurchaseRecorded') return [];
  const at = new Date(event.occurredAt);
  const { customerId, amount, currency, channel } = event.data;
  return [
    guardedUpsert('totals', customerId, event.globalPosition, {
      $inc: { purchases: 1, amountMinor: decimalToMinorUnits(amount, currency), refunds: 0, refundedMinor: 0 },
      $setOnInsert: { currency, firstSeenAt: at },
      $max: { lastPurchaseAt: at },
      $addToSet: { channels: channel },
    }),
  ];
}

/**
 * The raw equivalent of what the runtime writes for these events: the same guarded filter,
 * update and upsert, as plain bulkWrite operations (no rounds, no read-back, no checkpoints).
 */
export function rawUpserts(events: readonly RecordedEvent[]): AnyBulkWriteOperation[] {
  return benchTotals.handle(events).map((write) => {
    if (write.kind !== 'upsert') throw new Error('bench-totals only upserts');
    const position = encodePosition(write.position);
    return {
      updateOne: {
        filter: { _id: write.id, _position: { $not: { $gte: position } } } as Document,
        update: { ...write.update, $set: { ...write.update.$set, _position: position } },
        upsert: true,
      },
    };
  });
}

/** A collection shaped like the projection's (same indexes), for the raw bulkWrite. */
export async function rawTotalsCollection(db: Db) {
  const collection = db.collection('totals_raw');
  await collection.createIndexes(benchTotals.collections.totals.indexes.map((index) => ({ key: index.key })));
  return collection;
}
