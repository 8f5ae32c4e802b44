import type { DomainEvent } from '@ctp/contracts';

/** Customer facts as intake records them, for one customer id. */
export const customerEvents = (customerId: string) => ({
  registered: (customerSince: string): DomainEvent => ({
    type: 'CustomerRegistered',
    data: { customerId, kind: 'person', name: 'Li Lei', email: 'li.lei@example.com', customerSince, source: { system: 'erp', externalId: `ERP-${customerId}` }, serviceConsent: { method: 'web_form', reference: 'F-1', noticeVersion: 'v1' } },
  }),
  purchased: (orderId: string, amount = '100.00'): DomainEvent => ({ type: 'PurchaseRecorded', data: { customerId, orderId, amount, currency: 'CNY', channel: 'store' } }),
  refunded: (orderId: string): DomainEvent => ({ type: 'PurchaseRefunded', data: { customerId, orderId, refundId: `R-${orderId}`, amount: '10.00', currency: 'CNY', reason: 'broken on arrival' } }),
  merged: (mergedAwayIds: string[]): DomainEvent => ({ type: 'CustomersMerged', data: { survivorId: customerId, mergedAwayIds, matchedOn: ['email'] } }),
  mergedInto: (survivorId: string): DomainEvent => ({ type: 'CustomerMergedInto', data: { customerId, survivorId, mergeEventId: '7f1c1a4e-8a53-4a63-9d0b-0e6f0d1f2a3b' } }),
  erasureRequested: (): DomainEvent => ({ type: 'CustomerErasureRequested', data: { customerId, requestId: `ER-${customerId}`, requestedVia: 'email' } }),
  interacted: (): DomainEvent => ({ type: 'InteractionRecorded', data: { customerId, interactionId: `IX-${customerId}`, channel: 'phone', kind: 'inquiry', direction: 'inbound', note: 'asked about delivery' } }),
});
