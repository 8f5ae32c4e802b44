import { decoderFor, type RecordedEvent } from '@ctp/contracts';
import { defineProjection, guardedUpsert, type GuardedUpdate, type ProjectionWrite } from '@ctp/projections';
import type { TraceEvent } from '../metrics/drill.js';

/**
 * `customerFacts`: one document per customer stream (`_id` the customer id): when and as what kind
 * registered, each purchase (order id, instant, amount and currency as in the event) and refund (its
 * id, amount and currency), the survivor it was merged into, the ids merged into it, and whether
 * erasure was asked. Ids, codes, instants and amounts only: a refund's reason and every personal
 * field stay out. Retention, churn and targets read it, and the customer 360 view (its ledger).
 */
export const customerProjection = defineProjection({
  name: 'analytics-customers',
  version: 2,
  categories: ['customer'],
  collections: { customerFacts: { indexes: [{ key: { mergedInto: 1 } }] } },
  handle: (events) => events.flatMap(writesFor),
});

export interface PurchaseFact {
  readonly orderId: string;
  readonly at: Date;
  readonly amount: string;
  readonly position: string;
}

export interface RefundFact {
  readonly orderId: string;
  readonly at: Date;
  readonly position: string;
}

export interface LedgerPurchase extends PurchaseFact {
  readonly currency: string;
}

export interface LedgerRefund extends RefundFact {
  readonly refundId: string;
  readonly amount: string;
  readonly currency: string;
}

export interface CustomerDocument {
  readonly _id: string;
  readonly registeredAt?: Date;
  readonly customerSince?: string;
  readonly purchases?: readonly PurchaseFact[];
  readonly refunds?: readonly RefundFact[];
  readonly mergedInto?: string;
  readonly mergedFrom?: readonly string[];
  readonly erased?: boolean;
  readonly trace: readonly TraceEvent[];
}

/** The document as the projection writes it; retention's reads need only the `CustomerDocument` part of it. */
export interface CustomerLedgerDocument extends CustomerDocument {
  readonly kind?: 'person' | 'organisation';
  readonly purchases?: readonly LedgerPurchase[];
  readonly refunds?: readonly LedgerRefund[];
}

const customerEvent = decoderFor('customer');

function writesFor(raw: RecordedEvent): ProjectionWrite<'customerFacts'>[] {
  if (!raw.streamId.startsWith('customer-')) return [];
  const event = customerEvent(raw);
  const at = new Date(raw.occurredAt);
  const position = raw.globalPosition;
  // The stream's own id, not the event's: intake may land a merged-away id's facts on its survivor.
  const customerId = raw.streamId.slice('customer-'.length);
  const write = (update: GuardedUpdate) => [guardedUpsert('customerFacts', customerId, position, { ...update, $push: { ...update.$push, trace: { position, type: raw.type } } })];
  switch (event.type) {
    case 'CustomerRegistered':
      return write({ $set: { registeredAt: at, customerSince: event.data.customerSince, kind: event.data.kind } });
    case 'PurchaseRecorded': {
      const { orderId, amount, currency } = event.data;
      return write({ $push: { purchases: { orderId, at, amount, currency, position } } });
    }
    case 'PurchaseRefunded': {
      const { orderId, refundId, amount, currency } = event.data;
      return write({ $push: { refunds: { orderId, refundId, at, amount, currency, position } } });
    }
    case 'CustomersMerged':
      return write({ $addToSet: { mergedFrom: { $each: event.data.mergedAwayIds } } });
    case 'CustomerMergedInto':
      return write({ $set: { mergedInto: event.data.survivorId } });
    case 'CustomerErasureRequested':
      return write({ $set: { erased: true } });
    case 'CustomerProfileUpdated':
    case 'ConsentGranted':
    case 'ConsentWithdrawn':
    case 'InteractionRecorded':
      return [];
    default: {
      const unexpected: never = event;
      throw new Error(`unknown customer event ${JSON.stringify(unexpected)}`);
    }
  }
}
