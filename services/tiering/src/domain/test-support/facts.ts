import { randomUUID } from 'node:crypto';
import { decodeRecordedEvent, eventRegistry, type EventData, type EventTypeOf, type RecordedDomainEvent } from '@ctp/contracts';
import { emptyHistory, foldFact, type CustomerHistory } from '../metrics.js';

type CustomerFact = EventTypeOf<'customer'>;

let position = 0;

/** A stored customer event as the consumer decodes it; occurredAt in UTC. */
export function recorded<T extends CustomerFact>(type: T, data: EventData<T>, occurredAt: string): RecordedDomainEvent {
  position += 1;
  return decodeRecordedEvent({
    id: randomUUID(),
    type,
    schemaVersion: eventRegistry.latest(type).version,
    streamId: 'customer-C-1',
    occurredAt,
    correlationId: 'test',
    causationId: null,
    actor: { kind: 'api-key', id: 'key-erp-1', role: 'integrator' },
    traceparent: null,
    revision: position,
    globalPosition: String(position),
    recordedAt: occurredAt,
    data,
  });
}

export const purchase = (orderId: string, amount: string, margin: string | undefined, at: string, currency = 'CNY') =>
  recorded(
    'PurchaseRecorded',
    { customerId: 'C-1', orderId, amount, currency, ...(margin === undefined ? {} : { margin }), channel: 'store' },
    at,
  );

export const refund = (refundId: string, orderId: string, amount: string, at: string) =>
  recorded('PurchaseRefunded', { customerId: 'C-1', orderId, refundId, amount, currency: 'CNY' }, at);

export const interaction = (interactionId: string, at: string) =>
  recorded('InteractionRecorded', { customerId: 'C-1', interactionId, channel: 'phone', kind: 'inquiry', direction: 'inbound' }, at);

export const registered = (customerSince: string, at: string) =>
  recorded(
    'CustomerRegistered',
    {
      customerId: 'C-1',
      kind: 'person',
      name: 'Li Wei',
      customerSince,
      source: { system: 'erp', externalId: 'ERP-1' },
      serviceConsent: { method: 'web_form', reference: 'form-1', noticeVersion: '2025-01' },
    },
    at,
  );

export function historyOf(customerId: string, ...events: RecordedDomainEvent[]): CustomerHistory {
  return events.reduce(foldFact, emptyHistory(customerId));
}
