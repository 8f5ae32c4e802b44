import { randomUUID } from 'node:crypto';
import { buildEvent, type EventToAppend } from '@ctp/contracts';

const metadata = (customerId: string) => ({
  id: randomUUID(),
  streamId: `customer-${customerId}`,
  occurredAt: '2025-06-30T10:15:00+08:00',
  correlationId: 'audit-test',
  causationId: null,
  actor: { kind: 'api-key', id: 'key-erp-1', role: 'integrator' } as const,
  traceparent: null,
});

/** A registration with personal fields (stored encrypted) and the customer's interactions. */
export function customerHistory(customerId: string, interactions: number): EventToAppend[] {
  return [
    buildEvent(
      'CustomerRegistered',
      {
        customerId,
        kind: 'person',
        name: 'Li Wei',
        email: 'li.wei@example.com',
        phone: '+8613800138000',
        address: { line1: '88 Century Avenue', city: 'Shanghai', region: 'Shanghai', postalCode: '200120', country: 'CN' },
        customerSince: '2019-03-01',
        source: { system: 'erp', externalId: `ERP-${customerId}` },
        serviceConsent: { method: 'web_form', reference: 'form-7781', noticeVersion: '2025-01' },
      },
      metadata(customerId),
    ),
    ...Array.from({ length: interactions }, (_, index) =>
      buildEvent('InteractionRecorded', { customerId, interactionId: `IX-${customerId}-${index}`, channel: 'phone', kind: 'complaint', direction: 'inbound', note: `call ${index}` }, metadata(customerId)),
    ),
  ];
}
