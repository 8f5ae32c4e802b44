import { randomUUID } from 'node:crypto';
import { decoderFor, streamIdFor } from '@ctp/contracts';
import { createPostgresEventStore, type EventStore } from '@ctp/event-store';
import { eventually, postgresUrl, startServiceStack, type ServiceStack } from '@ctp/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** A Wednesday afternoon in Shanghai. */
const clockStart = '2026-03-04T14:00:00+08:00';
const evidence = { method: 'app', reference: 'opt-in', noticeVersion: '1' };
const fact = (customerId: string, type: string, data: Record<string, unknown>, occurredAt: string) => ({ id: randomUUID(), type, customerId, occurredAt, data });
const registration = (customerId: string) =>
  fact(customerId, 'CustomerRegistered', { kind: 'person', name: 'Wang Fang', customerSince: '2025-06-01', source: { system: 'erp', externalId: `E-${customerId}` }, serviceConsent: evidence }, '2025-06-01T02:00:00Z');
const purchase = (customerId: string, orderId: string, amount: string) => fact(customerId, 'PurchaseRecorded', { orderId, amount, margin: amount, currency: 'CNY', channel: 'online' }, '2026-02-01T03:00:00Z');
const contactEvent = decoderFor('contact');

describe('feedback end to end: complaints closed in a loop, remedies within discretion, contact cadence by tier', () => {
  let stack: ServiceStack;
  let reader: EventStore;
  const customer = `C-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    stack = await startServiceStack(['relay', 'intake', 'tiering', 'sla', 'feedback'], { CLOCK_START: clockStart });
    reader = await createPostgresEventStore(postgresUrl(), { schema: stack.schema, migrate: false });
    expect((await stack.call('intake', 'POST', '/v1/events', 'integrator', { events: [registration(customer), purchase(customer, 'SO-1', '500.00')] })).status).toBe(202);
  }, 900_000);
  afterAll(async () => {
    await stack?.stop();
    await reader?.close();
  });

  const feedbackOutput = () => stack.service('feedback').output();
  const call = async (service: string, method: string, path: string, role: string, body?: unknown) => {
    const response = await stack.call(service, method, path, role, body);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  /** A phone complaint opened in sla, once feedback has recorded it. */
  const complaint = async () => {
    const caseId = `K-${randomUUID().slice(0, 8)}`;
    expect((await call('sla', 'POST', '/v1/cases', 'agent', { caseId, customerId: customer, channel: 'phone', type: 'complaint', priority: 'normal', subject: 'Charged twice' })).status).toBe(201);
    await eventually(async () => ((await call('feedback', 'GET', `/v1/complaints/${caseId}`, 'agent')).status === 200 ? true : undefined), `complaint ${caseId} in feedback`, feedbackOutput);
    return caseId;
  };
  /** Until feedback's complaints read model has applied `position` (or more): the repeat check reads it. */
  const complaintsAt = (position: string) =>
    eventually(
      async () => {
        const { readModels } = (await call('feedback', 'GET', '/v1/read-models', 'analyst')).body as { readModels: { name: string; position: string | null }[] };
        const complaints = readModels.find((model) => model.name === 'feedback-complaints');
        return complaints?.position && BigInt(complaints.position) >= BigInt(position) ? true : undefined;
      },
      `feedback's complaints read model at ${position}`,
      feedbackOutput,
    );

  it('flags a repeat complaint (same customer, same cause within the window) naming the earlier one', async () => {
    const first = await complaint();
    const set = await call('feedback', 'PUT', `/v1/complaints/${first}/causes`, 'agent', { causes: ['billing'] });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body.repeats).toEqual([]);
    await complaintsAt(set.body.position as string);
    const second = await complaint();
    const again = await call('feedback', 'PUT', `/v1/complaints/${second}/causes`, 'agent', { causes: ['billing', 'attitude'] });
    expect(again.body.repeats).toEqual([expect.objectContaining({ cause: 'billing', earlierCaseId: first })]);
    expect((await call('feedback', 'GET', `/v1/complaints/${second}`, 'analyst')).body).toMatchObject({ causes: ['billing', 'attitude'] });
  });

  it('settles a remedy within 10 % of the order at once; one above waits for a manager, then is settled', async () => {
    const caseId = await complaint();
    const small = await call('feedback', 'POST', `/v1/complaints/${caseId}/remedies`, 'agent', { kind: 'refund', amount: '40.00', currency: 'CNY', orderId: 'SO-1' });
    expect(small.status, JSON.stringify(small.body)).toBeLessThan(300);
    expect(small.body.status).toBe('settled');
    const large = await call('feedback', 'POST', `/v1/complaints/${caseId}/remedies`, 'agent', { kind: 'voucher', amount: '120.00', currency: 'CNY', orderId: 'SO-1' });
    expect(large.body.status).toBe('awaiting_approval');
    expect((await call('feedback', 'POST', `/v1/complaints/${caseId}/remedies/${large.body.remedyId}/approve`, 'agent', {})).status).toBe(403);
    const approved = await call('feedback', 'POST', `/v1/complaints/${caseId}/remedies/${large.body.remedyId}/approve`, 'admin', {});
    expect(approved.status, JSON.stringify(approved.body)).toBeLessThan(300);
    expect(approved.body.status).toBe('settled');
    const unknownOrder = await call('feedback', 'POST', `/v1/complaints/${caseId}/remedies`, 'agent', { kind: 'refund', amount: '1.00', currency: 'CNY', orderId: 'SO-404' });
    expect(unknownOrder.status).toBe(422);
  });

  it('plans a key account’s visits when tiering makes it one, and a visit report fulfils a visit', async () => {
    const override = await call('tiering', 'POST', `/v1/customers/${customer}/tier/override`, 'admin', { tier: 'key_account', reasonCode: 'key_account_contract', reason: 'framework contract signed', expiresAt: '2026-06-30T00:00:00+08:00' });
    expect(override.status, JSON.stringify(override.body)).toBeLessThan(300);
    const visitPlan = await eventually(
      async () => (await reader.readStream(streamIdFor('contact', customer))).map(contactEvent).find((event) => event.type === 'ContactObligationsPlanned' && event.data.tier === 'key_account' && event.data.obligations.some(({ kind }) => kind === 'visit')),
      'a key account plan with visits',
      feedbackOutput,
    );
    const visit = visitPlan.type === 'ContactObligationsPlanned' ? visitPlan.data.obligations.find(({ kind }) => kind === 'visit')! : undefined;
    const fulfilled = await call('feedback', 'POST', `/v1/contacts/${visit!.obligationId}/outcomes`, 'agent', { outcome: 'visit_report', channel: 'on_site', note: 'Met the purchasing team; renewal on track.' });
    expect(fulfilled.status, JSON.stringify(fulfilled.body)).toBeLessThan(300);
    const recorded = (await reader.readStream(streamIdFor('contact', customer))).map(contactEvent).find((event) => event.type === 'ContactOutcomeRecorded');
    expect(recorded?.data).toMatchObject({ obligationId: visit!.obligationId, outcome: 'visit_report' });
  });
});
