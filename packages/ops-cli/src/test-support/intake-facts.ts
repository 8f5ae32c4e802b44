import { randomUUID } from 'node:crypto';

/** A registration at `registeredAt` and one purchase, as a CRM would post them to intake. */
export function registrationWithPurchase(customerId: string, registeredAt = '2026-03-01T09:30:00+08:00') {
  return [
    {
      id: randomUUID(),
      type: 'CustomerRegistered',
      customerId,
      occurredAt: registeredAt,
      data: { kind: 'person', name: 'Li Wei', email: 'li.wei@example.com', customerSince: registeredAt.slice(0, 10), source: { system: 'crm', externalId: `CRM-${customerId}` }, serviceConsent: { method: 'web_form', reference: 'form-1', noticeVersion: '2026-01' } },
    },
    { id: randomUUID(), type: 'PurchaseRecorded', customerId, occurredAt: registeredAt, data: { orderId: `SO-${customerId}`, amount: '1299.50', currency: 'CNY', channel: 'online' } },
  ];
}

export function purchase(customerId: string, occurredAt: string, amount = '88.00') {
  return { id: randomUUID(), type: 'PurchaseRecorded', customerId, occurredAt, data: { orderId: `SO-${randomUUID().slice(0, 8)}`, amount, currency: 'CNY', channel: 'store' } };
}
