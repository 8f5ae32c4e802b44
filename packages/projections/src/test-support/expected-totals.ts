import { decodeRecordedEvent, type RecordedEvent } from '@ctp/contracts';
import type { Collection } from 'mongodb';
import { toMinorUnits, type PurchaseTotals } from './purchase-totals.js';

/** What the purchase-totals read model must hold for these events, computed without the runtime. */
export function expectedTotals(events: readonly RecordedEvent[]) {
  const totals = new Map<string, { purchases: number; amountMinor: number; refunds: number; refundedMinor: number }>();
  for (const raw of events) {
    const event = decodeRecordedEvent(raw);
    if (event.type !== 'PurchaseRecorded' && event.type !== 'PurchaseRefunded') continue;
    const entry = totals.get(event.data.customerId) ?? { purchases: 0, amountMinor: 0, refunds: 0, refundedMinor: 0 };
    const minor = toMinorUnits(event.data.amount, event.data.currency);
    if (event.type === 'PurchaseRecorded') totals.set(event.data.customerId, { ...entry, purchases: entry.purchases + 1, amountMinor: entry.amountMinor + minor });
    else totals.set(event.data.customerId, { ...entry, refunds: entry.refunds + 1, refundedMinor: entry.refundedMinor + minor });
  }
  return [...totals].map(([_id, entry]) => ({ _id, ...entry })).sort((a, b) => a._id.localeCompare(b._id));
}

export async function actualTotals(collection: Collection<PurchaseTotals>) {
  return collection.find({}, { projection: { purchases: 1, amountMinor: 1, refunds: 1, refundedMinor: 1 } }).sort({ _id: 1 }).toArray();
}
