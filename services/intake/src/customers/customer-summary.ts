import { decimalToMinorUnits, decoderFor, type RecordedEvent, type RecordedEventOf } from '@ctp/contracts';
import { defineProjection, guardedUpsert, type ProjectionWrite } from '@ctp/projections';

/** One document per customer: what intake knows, without personal data, and the last event applied. */
export const customerSummary = defineProjection({
  name: 'intake-customer-summary',
  version: 1,
  categories: ['customer'],
  collections: { customers: { indexes: [{ key: { registeredAt: -1 } }] } },
  handle: (events) => events.flatMap(writesFor),
});

const customerEvent = decoderFor('customer');

function changesFor(event: RecordedEventOf<'customer'>): Record<string, Record<string, unknown>> | null {
  const at = new Date(event.occurredAt);
  switch (event.type) {
    case 'CustomerRegistered':
      return { $set: { registered: true, kind: event.data.kind, customerSince: event.data.customerSince, registeredAt: at } };
    case 'PurchaseRecorded':
      return {
        $inc: { purchases: 1, [`spendMinor.${event.data.currency}`]: decimalToMinorUnits(event.data.amount, event.data.currency) },
        $max: { lastPurchaseAt: at },
      };
    case 'PurchaseRefunded':
      return { $inc: { refunds: 1, [`refundedMinor.${event.data.currency}`]: decimalToMinorUnits(event.data.amount, event.data.currency) } };
    case 'InteractionRecorded':
      return { $inc: { interactions: 1 }, $addToSet: { channels: event.data.channel }, $max: { lastInteractionAt: at } };
    case 'ConsentGranted':
      return { $set: { [`consent.${event.data.purpose}`]: { granted: true, at } } };
    case 'ConsentWithdrawn':
      return { $set: { [`consent.${event.data.purpose}`]: { granted: false, at } } };
    case 'CustomerErasureRequested':
      return { $set: { erased: true } };
    case 'CustomerProfileUpdated':
    case 'CustomersMerged':
      return { $max: { lastProfileChangeAt: at } };
    default:
      return null;
  }
}

function writesFor(raw: RecordedEvent): ProjectionWrite<'customers'>[] {
  const event = customerEvent(raw);
  const changes = changesFor(event);
  if (!changes) return [];
  const customerId = event.streamId.slice('customer-'.length);
  const lastEvent = { id: event.id, type: event.type, position: event.globalPosition, traceparent: event.traceparent };
  return [
    guardedUpsert('customers', customerId, event.globalPosition, {
      ...changes,
      $set: { ...changes.$set, lastEvent },
      $setOnInsert: { customerId },
    }),
  ];
}
