import { randomUUID } from 'node:crypto';
import { streamIdFor } from '@ctp/contracts';
import { envelopes, type EventStore } from '@ctp/event-store';
import type { ServiceStack } from '@ctp/test-kit';

const minutesFrom = (stack: ServiceStack, minutes: number) => new Date(stack.clock().getTime() + minutes * 60_000).toISOString();

/** Registers a customer through intake with these consents: an e-mail address derived from the id unless `email: null`. */
export async function registerCustomer(stack: ServiceStack, customerId: string, options: { consents: readonly string[]; locale?: 'en' | 'zh-CN'; email?: null; phone?: string }): Promise<Response> {
  const evidence = { method: 'web_form', reference: 'form-1', noticeVersion: '2026-01' };
  const contact = { ...(options.email === null ? {} : { email: `${customerId.toLowerCase()}@example.com` }), ...(options.phone ? { phone: options.phone } : {}), ...(options.locale ? { locale: options.locale } : {}) };
  const events = [
    { id: randomUUID(), type: 'CustomerRegistered', customerId, occurredAt: minutesFrom(stack, -60), data: { kind: 'person', name: 'Li Wei', ...contact, customerSince: '2024-05-01', source: { system: 'crm', externalId: `CRM-${customerId}` }, serviceConsent: evidence } },
    ...options.consents.map((purpose) => ({ id: randomUUID(), type: 'ConsentGranted', customerId, occurredAt: minutesFrom(stack, -59), data: { purpose, evidence } })),
  ];
  return stack.call('intake', 'POST', '/v1/events', 'integrator', { events });
}

/** Appends a survey invitation as feedback publishes it; answers the invitation id. */
export async function inviteCustomer(stack: ServiceStack, store: EventStore, customerId: string): Promise<string> {
  const invitationId = `I-${randomUUID().slice(0, 8)}`;
  const streamId = streamIdFor('survey', invitationId);
  const at = minutesFrom(stack, 0);
  const data = { invitationId, customerId, kind: 'transactional', caseId: `K-${invitationId}`, sampleId: null, template: { templateId: 'csat', version: 1 }, tier: null, channel: 'phone', invitedAt: at, expiresAt: '2030-03-11T02:00:00.000Z' } as const;
  await store.append(streamId, envelopes(streamId, [{ type: 'SurveyInvited', data }], { causationId: randomUUID(), correlationId: 'messages-e2e', occurredAt: at, actor: { kind: 'service', id: 'feedback' } }), { expectedRevision: 'any' });
  return invitationId;
}

/** The outcomes on the customer's message stream, oldest first. */
export async function messageOutcomes(store: EventStore, customerId: string): Promise<{ type: string; data: Record<string, unknown> }[]> {
  return (await store.readStream(streamIdFor('message', customerId))).map(({ type, data }) => ({ type, data: data as Record<string, unknown> }));
}
