import { randomUUID } from 'node:crypto';
import { buildEvent, type EventToAppend } from '@ctp/contracts';

/**
 * Customers of every data set; a multiple of every writer count used, so each stream of the
 * append path has one writer. Append `unit` goes to customer `unit % customers`: consecutive
 * appends touch different streams, and each read-model document receives every 1,000th event.
 */
export const customers = 1_000;
export const customerOf = (unit: number) => `B-${unit % customers}`;

export const streamOf = (customerId: string) => `customer-${customerId}`;

/** One append's worth of PurchaseRecorded events (the sample projection's input) for a customer. */
export function purchaseBatch(customerId: string, size: number, correlation = customerId): EventToAppend[] {
  return Array.from({ length: size }, () =>
    buildEvent(
      'PurchaseRecorded',
      {
        customerId,
        orderId: `SO-${randomUUID().slice(0, 8)}`,
        amount: '1299.00',
        currency: 'CNY',
        margin: '310.25',
        lines: [{ sku: 'KETTLE-2L', quantity: 1, unitPrice: '1299.00', amount: '1299.00' }],
        channel: 'online',
      },
      {
        id: randomUUID(),
        streamId: streamOf(customerId),
        occurredAt: '2025-06-30T10:15:00+08:00',
        correlationId: `bench-${correlation}`,
        causationId: null,
        actor: { kind: 'api-key', id: 'key-bench', role: 'integrator' },
        traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      },
    ),
  );
}

/** `units` appends of `size` events each. */
export function purchaseBatches(units: number, size: number): EventToAppend[][] {
  return Array.from({ length: units }, (_, unit) => purchaseBatch(customerOf(unit), size));
}
