import { randomBytes, randomUUID } from 'node:crypto';
import { buildEvent, type EventMetadata, type EventToAppend } from '@ctp/contracts';
import { parseMasterKey } from '../master-key.js';

function metadata(customerId: string): EventMetadata {
  return {
    id: randomUUID(),
    streamId: `customer-${customerId}`,
    occurredAt: '2025-06-30T10:15:00+08:00',
    correlationId: 'req-1',
    causationId: null,
    actor: { kind: 'api-key', id: 'key-erp-1', role: 'integrator' },
    traceparent: null,
  };
}

export function customerRegistered(customerId: string): EventToAppend {
  return buildEvent(
    'CustomerRegistered',
    {
      customerId,
      kind: 'person',
      name: 'Li Wei',
      email: 'li.wei@example.com',
      phone: '+8613800138000',
      address: { line1: '88 Century Avenue', city: 'Shanghai', region: 'Shanghai', postalCode: '200120', country: 'CN' },
      customerSince: '2019-03-01',
      source: { system: 'erp', externalId: 'ERP-000123' },
      serviceConsent: { method: 'web_form', reference: 'form-7781', noticeVersion: '2025-01' },
    },
    metadata(customerId),
  );
}

export function interactionRecorded(customerId: string, note: string): EventToAppend {
  return buildEvent(
    'InteractionRecorded',
    { customerId, interactionId: `IX-${randomUUID().slice(0, 8)}`, channel: 'phone', kind: 'complaint', direction: 'inbound', note },
    metadata(customerId),
  );
}

export function purchaseRecorded(customerId: string): EventToAppend {
  return buildEvent(
    'PurchaseRecorded',
    {
      customerId,
      orderId: 'SO-5531',
      amount: '1299.00',
      currency: 'CNY',
      margin: '310.25',
      lines: [{ sku: 'KETTLE-2L', quantity: 1, unitPrice: '1299.00', amount: '1299.00' }],
      channel: 'online',
    },
    metadata(customerId),
  );
}

export function testMasterKey() {
  return parseMasterKey(randomBytes(32).toString('base64'));
}
