import { randomUUID } from 'node:crypto';
import { ERASED, nameUuid, streamIdFor } from '@ctp/contracts';
import { createPostgresEventStore, type PostgresEventStore } from '@ctp/event-store';
import { eventually, postgresUrl, startServiceStack, type ServiceStack } from '@ctp/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holding, readModelDocuments, topicMessages } from './stack-contents.js';

/** A Wednesday afternoon in Shanghai. */
const clockStart = '2026-03-04T14:00:00+08:00';
const withReadModels = ['intake', 'tiering', 'sla', 'feedback', 'analytics'];
const id = () => randomUUID().slice(0, 8);
const customerId = `C-${id()}`;
const caseId = `K-${id()}`;
const evidence = { method: 'app', reference: 'opt-in', noticeVersion: '1' };
const fact = (type: string, data: Record<string, unknown>, occurredAt: string) => ({ id: randomUUID(), type, customerId, occurredAt, data });
/** Every personal value the customer's history carries, each written through a different service. */
const personal = {
  name: `Sun Mei ${id()}`,
  email: `sun.mei.${id()}@example.com`,
  phone: '+8613800138123',
  externalId: `CRM-${id()}`,
  interactionNote: `Asked about the delivery to Building 7, ${id()}`,
  caseSubject: `Charged twice for order SO-${id()}`,
  reply: `We refund the second charge today, ${id()}`,
  caseNote: `Customer sounded upset; call back, ${id()}`,
  surveyComment: `Quick and friendly, ${id()}`,
  overrideReason: `Framework contract signed ${id()}`,
};
const clearValues = Object.values(personal);

/**
 * Erasure end to end (issue 16, item 4) on the real services: a customer whose personal data went through
 * intake, sla, feedback and tiering, then erased by the privacy role. Read models never hold a personal field,
 * not even as ciphertext; Kafka and the store carry ciphertext only; the erasure is proven by CustomerErased, and
 * the auditor's erasure report lists exactly the stored fields sealed under the destroyed key.
 */
describe('erasure everywhere: no read model, topic or stored row keeps the personal data of an erased customer', () => {
  let stack: ServiceStack;
  let reader: PostgresEventStore;

  const output = () => withReadModels.map((name) => stack.service(name).output().slice(-1500)).join('\n');
  const send = async (service: string, method: string, path: string, role: string, body?: unknown) => {
    const response = await stack.call(service, method, path, role, body);
    const answer = (await response.json()) as Record<string, unknown>;
    expect(response.status, JSON.stringify(answer)).toBeLessThan(300);
    return answer;
  };
  /** Every read model of every service has applied everything the relay published, and the relay everything stored. */
  const readModelsCaughtUp = () =>
    eventually(
      async () => {
        const head = await reader.headPosition();
        for (const service of withReadModels) {
          const { readModels } = (await (await stack.call(service, 'GET', '/v1/read-models', 'analyst')).json()) as { readModels: { lagEvents: number; head: string | null }[] };
          if (!readModels.every((model) => model.lagEvents === 0 && model.head === head)) return undefined;
        }
        return true;
      },
      'every read model caught up with the store',
      output,
      120_000,
    );
  /** Every stored field holding a token of the key, by event id and JSON path, up to a position: a walk of the rows, not the registry. */
  const storedTokens = async (keyId: string, upTo: string) => {
    const { rows } = await reader.pool.query<{ id: string; data: unknown }>(`SELECT event_id::text AS id, data FROM "${stack.schema}".events WHERE global_position <= $1`, [upTo]);
    const found: string[] = [];
    const walk = (id: string, value: unknown, path: string[]) => {
      if (typeof value === 'string' && value.startsWith(`enc:v1:${keyId}:`)) found.push(`${id} ${path.join('.')}`);
      else if (value && typeof value === 'object') for (const [key, inner] of Object.entries(value)) walk(id, inner, [...path, key]);
    };
    for (const { id, data } of rows) walk(id, data, []);
    return found.sort();
  };
  const storedRows = async () => (await reader.pool.query<{ text: string }>(`SELECT stream_id || ' ' || data::text AS text FROM "${stack.schema}".events`)).rows.map(({ text }) => ({ where: 'event store', text }));

  beforeAll(async () => {
    stack = await startServiceStack(['relay', 'intake', 'tiering', 'sla', 'feedback', 'analytics'], { CLOCK_START: clockStart, SURVEY_DELAY_MINUTES: '0' }, 'erasure');
    reader = await createPostgresEventStore(postgresUrl(), { schema: stack.schema, migrate: false });
    await send('intake', 'POST', '/v1/events', 'integrator', {
      events: [
        fact('CustomerRegistered', { kind: 'person', name: personal.name, email: personal.email, phone: personal.phone, customerSince: '2025-06-01', source: { system: 'crm', externalId: personal.externalId }, serviceConsent: evidence }, '2025-06-01T02:00:00Z'),
        fact('ConsentGranted', { purpose: 'survey', evidence }, '2025-06-01T03:00:00Z'),
        fact('PurchaseRecorded', { orderId: 'SO-1', amount: '800.00', margin: '200.00', currency: 'CNY', channel: 'online' }, '2026-02-01T03:00:00Z'),
        fact('InteractionRecorded', { interactionId: 'I-1', channel: 'phone', kind: 'inquiry', direction: 'inbound', note: personal.interactionNote }, '2026-02-02T03:00:00Z'),
      ],
    });
    await send('sla', 'POST', '/v1/cases', 'agent', { caseId, customerId, channel: 'email', type: 'inquiry', priority: 'normal', subject: personal.caseSubject });
    await send('sla', 'POST', `/v1/cases/${caseId}/replies`, 'agent', { body: personal.reply });
    await send('sla', 'POST', `/v1/cases/${caseId}/notes`, 'agent', { body: personal.caseNote });
    await send('sla', 'POST', `/v1/cases/${caseId}/status`, 'agent', { to: 'resolved', reason: 'answered' });
    const invited = await eventually(
      async () => (await reader.readStream(streamIdFor('survey', nameUuid(['survey-case', caseId])))).find(({ type }) => type === 'SurveyInvited'),
      `the survey of case ${caseId}`,
      output,
    );
    await send('feedback', 'POST', `/v1/surveys/${(invited.data as { invitationId: string }).invitationId}/responses`, 'integrator', { answers: { csat: 5, comment: personal.surveyComment } });
    await send('tiering', 'POST', `/v1/customers/${customerId}/tier/override`, 'admin', { tier: 'key_account', reasonCode: 'key_account_contract', reason: personal.overrideReason, expiresAt: '2026-06-30T00:00:00+08:00' });
    await readModelsCaughtUp();
  }, 900_000);
  afterAll(async () => {
    await stack?.stop();
    await reader?.close();
  });

  it('before the erasure: the read models hold no personal field even as ciphertext; topics and rows hold ciphertext only', async () => {
    const documents = await readModelDocuments(stack.schema);
    expect(documents.filter(({ text }) => text.includes(customerId)).length).toBeGreaterThan(5);
    expect(holding(documents, [...clearValues, 'enc:v1:'])).toEqual([]);
    const [messages, rows] = [await topicMessages(stack.schema), await storedRows()];
    expect(holding(messages, clearValues)).toEqual([]);
    expect(holding(rows, clearValues)).toEqual([]);
    // The scans see the customer's encrypted fields: each service's stream carries some.
    for (const category of ['customer-', 'case-', 'survey-', 'tier-']) expect(holding(messages, [category]).length, category).toBeGreaterThan(0);
    expect(holding(messages, ['enc:v1:']).length).toBeGreaterThan(0);
    // An agent still reads them in clear, from the store: the keys are alive.
    expect(await send('sla', 'GET', `/v1/cases/${caseId}?purpose=service`, 'agent')).toMatchObject({ subject: personal.caseSubject, erased: false });
  });

  it('the privacy role erases: CustomerErased proves it, every service reads the fields as erased, and nothing anywhere holds them', async () => {
    const request = { id: randomUUID(), type: 'CustomerErasureRequested', customerId, occurredAt: '2026-03-04T06:30:00Z', data: { requestId: `ER-${id()}`, requestedVia: 'email' } };
    await send('intake', 'POST', '/v1/events', 'privacy', { events: [request] });
    const proof = await eventually(
      async () => (await reader.readStream(streamIdFor('audit', customerId))).find(({ type }) => type === 'CustomerErased'),
      'the erasure proof',
      output,
    );
    expect(proof).toMatchObject({ causationId: request.id, data: { customerId, requestId: request.data.requestId, requestEventId: request.id, keysDestroyed: [customerId], destroyedKeys: [{ customerId }] } });

    // The auditor's list of what became unreadable is exactly the stored fields that name the destroyed key, in every service.
    const { keyId } = (proof.data as { destroyedKeys: { keyId: string }[] }).destroyedKeys[0]!;
    const report = (await send('analytics', 'GET', `/v1/audit/customers/${customerId}/erasure`, 'auditor')) as { completeUpTo: string; erasures: { unreadable: { eventId: string; streamId: string; fields: string[] }[] }[] };
    const listed = report.erasures[0]!.unreadable;
    expect(listed.flatMap(({ eventId, fields }) => fields.map((field) => `${eventId} ${field}`)).sort()).toEqual(await storedTokens(keyId, report.completeUpTo));
    expect(new Set(listed.map(({ streamId }) => streamId.split('-')[0]))).toEqual(new Set(['customer', 'case', 'survey', 'tier']));

    expect(await send('sla', 'GET', `/v1/cases/${caseId}?purpose=service`, 'agent')).toMatchObject({ subject: ERASED, erased: true });
    const customer = await send('intake', 'GET', `/v1/customers/${customerId}?purpose=data_subject_request`, 'agent');
    expect(customer).toMatchObject({ erased: true, profile: { email: ERASED, phone: ERASED, source: { externalId: ERASED } } });
    expect(holding([{ where: 'intake', text: JSON.stringify(customer) }], clearValues)).toEqual([]);
    await readModelsCaughtUp();
    expect(holding(await readModelDocuments(stack.schema), [...clearValues, 'enc:v1:'])).toEqual([]);
    expect(holding(await topicMessages(stack.schema), clearValues)).toEqual([]);
    expect(holding(await storedRows(), clearValues)).toEqual([]);
  });
});
