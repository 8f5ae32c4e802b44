import { decodeRecordedEvent, minorUnitDigits, type RecordedEvent } from '@ctp/contracts';
import { defineProjection } from '../definition.js';
import { guardedUpsert, type ProjectionWrite } from '../writes/guarded-write.js';

/** The sample read model: per customer, purchase and refund counts and sums in exact minor units. */
export const purchaseTotals = defineProjection({
  name: 'purchase-totals',
  version: 1,
  categories: ['customer'],
  collections: { totals: { indexes: [{ key: { amountMinor: -1 } }, { key: { currency: 1, purchases: -1 } }] } },
  handle: (events) => events.flatMap(writesFor),
});

export interface PurchaseTotals {
  _id: string;
  currency: string;
  purchases: number;
  amountMinor: number;
  refunds: number;
  refundedMinor: number;
  channels: string[];
  firstSeenAt: Date;
  lastPurchaseAt: Date;
}

function writesFor(raw: RecordedEvent): ProjectionWrite<'totals'>[] {
  if (raw.type !== 'PurchaseRecorded' && raw.type !== 'PurchaseRefunded') return [];
  const event = decodeRecordedEvent(raw);
  const at = new Date(event.occurredAt);
  if (event.type === 'PurchaseRecorded') {
    const { customerId, amount, currency, channel } = event.data;
    return [
      guardedUpsert('totals', customerId, event.globalPosition, {
        $inc: { purchases: 1, amountMinor: toMinorUnits(amount, currency), refunds: 0, refundedMinor: 0 },
        $setOnInsert: { currency, firstSeenAt: at },
        $max: { lastPurchaseAt: at },
        $addToSet: { channels: channel },
      }),
    ];
  }
  if (event.type === 'PurchaseRefunded') {
    const { customerId, amount, currency } = event.data;
    return [
      guardedUpsert('totals', customerId, event.globalPosition, {
        $inc: { refunds: 1, refundedMinor: toMinorUnits(amount, currency), purchases: 0, amountMinor: 0 },
        $setOnInsert: { currency, firstSeenAt: at },
      }),
    ];
  }
  return [];
}

export function toMinorUnits(amount: string, currency: string): number {
  const digits = minorUnitDigits(currency);
  const [whole = '0', fraction = ''] = amount.split('.');
  if (fraction.length > digits) throw new Error(`${amount} ${currency} has more than ${digits} decimals`);
  const minor = Number(`${whole}${fraction.padEnd(digits, '0')}`);
  if (!Number.isSafeInteger(minor)) throw new Error(`${amount} ${currency} exceeds exact integer minor units`);
  return minor;
}
