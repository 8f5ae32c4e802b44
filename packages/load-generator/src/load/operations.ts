import { randomUUID } from 'node:crypto';
import type { Operation } from './plan.js';

export type ServiceName = 'intake' | 'tiering' | 'sla' | 'feedback' | 'analytics';
export type Role = 'integrator' | 'agent' | 'analyst';

export interface Target {
  readonly urls: Readonly<Record<ServiceName, string>>;
  readonly keys: Readonly<Record<Role, string>>;
}

/** A read that shows the write once the read model named `readModel` holds it. */
export interface Probe {
  readonly readModel: string;
  readonly service: ServiceName;
  readonly role: Role;
  /** Asked with `minPosition` where the route takes it; else asked until it answers 200. */
  readonly path: string;
}

/** What a write asks: where, as whom, what; and the reads that show it (given the position it was accepted at). */
export interface Request {
  readonly service: ServiceName;
  readonly role: Role;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: unknown;
  readonly probes: (position: string) => readonly Probe[];
}

const evidence = { method: 'app', reference: 'load-generator', noticeVersion: '1' };
const fact = (customerId: string, type: string, data: Record<string, unknown>, now: Date) => ({ id: randomUUID(), type, customerId, occurredAt: now.toISOString(), data });
const customerReads = (customerId: string) => (position: string): Probe[] => [
  { readModel: 'intake customer summary', service: 'intake', role: 'agent', path: `/v1/customers/${customerId}?purpose=service&minPosition=${position}` },
  { readModel: 'tiering tiers', service: 'tiering', role: 'agent', path: `/v1/customers/${customerId}/tier?minPosition=${position}` },
];
const caseReads = (customerId: string) => (position: string): Probe[] => [
  { readModel: 'sla cases', service: 'sla', role: 'agent', path: `/v1/cases?customerId=${customerId}&limit=1&minPosition=${position}` },
];

/** The request an operation sends. An analyst's query reads the customer's 360 view after everything sent for it so far. */
export function requestFor(operation: Operation, now: Date, lastPosition: string | undefined): Request {
  const { customerId } = operation;
  switch (operation.kind) {
    case 'register':
      return intake(fact(customerId, 'CustomerRegistered', { kind: 'person', name: 'Load Generator', customerSince: now.toISOString().slice(0, 10), source: { system: 'erp', externalId: customerId }, serviceConsent: evidence }, now), customerReads(customerId));
    case 'purchase':
      return intake(fact(customerId, 'PurchaseRecorded', { orderId: operation.orderId, amount: operation.amount, margin: (Number(operation.amount) / 5).toFixed(2), currency: 'CNY', channel: 'online' }, now), customerReads(customerId));
    case 'interaction':
      return intake(fact(customerId, 'InteractionRecorded', { interactionId: randomUUID(), channel: operation.channel, kind: 'inquiry', direction: 'inbound' }, now), customerReads(customerId));
    case 'open_case': {
      const { caseId, type, channel } = operation;
      const complaintRead = (): Probe[] => (type === 'complaint' ? [{ readModel: 'feedback complaints', service: 'feedback', role: 'agent', path: `/v1/complaints/${caseId}` }] : []);
      const body = { caseId, customerId, channel, type, priority: 'normal', subject: 'Load generator case' };
      return { service: 'sla', role: 'agent', method: 'POST', path: '/v1/cases', body, probes: (position) => [...caseReads(customerId)(position), ...complaintRead()] };
    }
    case 'reply':
      return { service: 'sla', role: 'agent', method: 'POST', path: `/v1/cases/${operation.caseId}/replies`, body: { body: 'Thank you, we are on it.' }, probes: caseReads(customerId) };
    case 'resolve':
      return { service: 'sla', role: 'agent', method: 'POST', path: `/v1/cases/${operation.caseId}/status`, body: { to: 'resolved', reason: 'answered' }, probes: caseReads(customerId) };
    case 'analyst_query':
      return {
        service: 'analytics', role: 'analyst', method: 'GET', path: `/v1/analytics/customers/${customerId}${lastPosition ? `?minPosition=${lastPosition}` : ''}`, probes: () => [],
      };
  }
}

function intake(event: ReturnType<typeof fact>, probes: (position: string) => Probe[]): Request {
  return { service: 'intake', role: 'integrator', method: 'POST', path: '/v1/events', body: { events: [event] }, probes };
}
