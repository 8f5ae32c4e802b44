import { randomUUID } from 'node:crypto';
import { buildEvent, streamIdFor, type EventToAppend } from '@ctp/contracts';

/** A purchase on a customer's stream: enough to exercise ordering without personal data. */
export function purchaseEvent(customerId: string, order: number): EventToAppend {
  return buildEvent(
    'PurchaseRecorded',
    { customerId, orderId: `SO-${order}`, amount: `${order}.00`, currency: 'CNY', channel: 'online' },
    {
      id: randomUUID(),
      streamId: streamIdFor('customer', customerId),
      occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, order)).toISOString(),
      correlationId: `test-${order}`,
      causationId: null,
      actor: { kind: 'system', id: 'relay-test' },
      traceparent: null,
    },
  );
}
