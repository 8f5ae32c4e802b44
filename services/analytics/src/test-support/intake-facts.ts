import { randomUUID } from 'node:crypto';

/** Customer facts as an integrator sends them to intake's `POST /v1/events`, for the end-to-end histories. */
const evidence = { method: 'app', reference: 'opt-in', noticeVersion: '1' };
const fact = (customerId: string, type: string, data: Record<string, unknown>, occurredAt: string) => ({ id: randomUUID(), type, customerId, occurredAt, data });

export const registration = (customerId: string) =>
  fact(customerId, 'CustomerRegistered', { kind: 'person', name: 'Zhao Lei', customerSince: '2024-12-01', source: { system: 'erp', externalId: `E-${customerId}` }, serviceConsent: evidence }, '2024-12-01T02:00:00Z');
export const surveyConsent = (customerId: string) => fact(customerId, 'ConsentGranted', { purpose: 'survey', evidence }, '2024-12-01T03:00:00Z');
export const purchase = (customerId: string, orderId: string, day: string) =>
  fact(customerId, 'PurchaseRecorded', { orderId, amount: '300.00', margin: '60.00', currency: 'CNY', channel: 'online' }, `${day}T04:00:00Z`);
