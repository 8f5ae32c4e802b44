import { decoderFor, type RecordedEvent } from '@ctp/contracts';
import { defineProjection, guardedUpsert, type GuardedUpdate, type ProjectionWrite } from '@ctp/projections';
import type { TraceEvent } from '../metrics/drill.js';

/**
 * `customerLedgers`: one document per customer stream (`_id` the customer id): the kind it was
 * registered as, and each purchase and refund with its amount and currency (retention's facts keep
 * neither the kind, nor a purchase's currency, nor a refund's amount). Ids, codes, instants and
 * amounts only: a refund's reason and every personal field of the registration stay out.
 */
export const customerLedgerProjection = defineProjection({
  name: 'analytics-customer-360',
  version: 1,
  categories: ['customer'],
  collections: { customerLedgers: { indexes: [] } },
  handle: (events) => events.flatMap(writesFor),
});

export interface LedgerPurchase {
  readonly orderId: string;
  readonly at: Date;
  readonly amount: string;
  readonly currency: string;
  readonly position: string;
}

export interface LedgerRefund extends LedgerPurchase {
  readonly refundId: string;
}

export interface CustomerLedgerDocument {
  readonly _id: string;
  readonly kind?: 'person' | 'organisation';
  readonly purchases?: readonly LedgerPurchase[];
  readonly refunds?: readonly LedgerRefund[];
  readonly trace: readonly TraceEvent[];
}

const customerEvent = decoderFor('customer');
const kept = new Set(['CustomerRegistered', 'PurchaseRecorded', 'PurchaseRefunded']);

function writesFor(raw: RecordedEvent): ProjectionWrite<'customerLedgers'>[] {
  if (!raw.streamId.startsWith('customer-') || !kept.has(raw.type)) return [];
  const event = customerEvent(raw);
  const at = new Date(raw.occurredAt);
  const position = raw.globalPosition;
  // The stream's id, as retention keys its customer facts.
  const customerId = raw.streamId.slice('customer-'.length);
  const write = (update: GuardedUpdate) => [guardedUpsert('customerLedgers', customerId, position, { ...update, $push: { ...update.$push, trace: { position, type: raw.type } } })];
  switch (event.type) {
    case 'CustomerRegistered':
      return write({ $set: { kind: event.data.kind } });
    case 'PurchaseRecorded': {
      const { orderId, amount, currency } = event.data;
      return write({ $push: { purchases: { orderId, at, amount, currency, position } } });
    }
    case 'PurchaseRefunded': {
      const { orderId, refundId, amount, currency } = event.data;
      return write({ $push: { refunds: { orderId, refundId, at, amount, currency, position } } });
    }
    default:
      return [];
  }
}
