import { randomUUID } from 'node:crypto';
import { nameUuid, streamIdFor, type RecordedEvent } from '@ctp/contracts';
import { createPostgresEventStore, type EventStore } from '@ctp/event-store';
import { eventually, postgresUrl, startServiceStack, type ServiceStack } from '@ctp/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** A Wednesday afternoon in Shanghai; invitations go out as soon as a case is resolved. */
const clockStart = '2026-03-04T14:00:00+08:00';
const evidence = { method: 'app', reference: 'survey-opt-in', noticeVersion: '1' };
const fact = (customerId: string, type: string, data: Record<string, unknown>, occurredAt: string) => ({ id: randomUUID(), type, customerId, occurredAt, data });
const registration = (customerId: string) =>
  fact(customerId, 'CustomerRegistered', { kind: 'person', name: 'Li Na', customerSince: '2025-06-01', source: { system: 'erp', externalId: `E-${customerId}` }, serviceConsent: evidence }, '2025-06-01T02:00:00Z');
const surveyConsent = (customerId: string) => fact(customerId, 'ConsentGranted', { purpose: 'survey', evidence }, '2025-06-01T03:00:00Z');

describe('surveys end to end: sla resolves, feedback invites, the survey tool answers, a detractor gets a follow-up', () => {
  let stack: ServiceStack;
  let reader: EventStore;
  const consenting = `C-${randomUUID().slice(0, 8)}`;
  const silent = `C-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    stack = await startServiceStack(['relay', 'intake', 'tiering', 'sla', 'feedback'], { CLOCK_START: clockStart, SURVEY_DELAY_MINUTES: '0' });
    reader = await createPostgresEventStore(postgresUrl(), { schema: stack.schema, migrate: false });
    const sent = await stack.call('intake', 'POST', '/v1/events', 'integrator', { events: [registration(consenting), surveyConsent(consenting), registration(silent)] });
    expect(sent.status).toBe(202);
  }, 900_000);
  afterAll(async () => {
    await stack?.stop();
    await reader?.close();
  });

  const call = async (service: string, method: string, path: string, role: string, body?: unknown) => {
    const response = await stack.call(service, method, path, role, body);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const resolvedCase = async (customerId: string) => {
    const caseId = `K-${randomUUID().slice(0, 8)}`;
    expect((await call('sla', 'POST', '/v1/cases', 'agent', { caseId, customerId, channel: 'phone', type: 'complaint', priority: 'normal', subject: 'Charged twice' })).status).toBe(201);
    expect((await call('sla', 'POST', `/v1/cases/${caseId}/status`, 'agent', { to: 'resolved', reason: 'refunded' })).status).toBeLessThan(300);
    return caseId;
  };
  const surveyEvents = (caseId: string) => reader.readStream(streamIdFor('survey', nameUuid(['survey-case', caseId])));
  const decided = (caseId: string) => eventually(async () => (await surveyEvents(caseId))[0], `the survey decision of case ${caseId}`, () => stack.service('feedback').output());

  it('one invitation per case with consent, none without; answered once; a detractor’s follow-up for the case’s rule', async () => {
    const caseId = await resolvedCase(consenting);
    const invited: RecordedEvent = await decided(caseId);
    expect(invited).toMatchObject({ type: 'SurveyInvited', data: { customerId: consenting, caseId, channel: 'phone' } });
    expect(Date.parse((invited.data as { expiresAt: string }).expiresAt) - Date.parse(invited.occurredAt)).toBe(28 * 86_400_000);

    expect((await call('sla', 'POST', `/v1/cases/${caseId}/status`, 'agent', { to: 'reopened', reason: 'charged again' })).status).toBeLessThan(300);
    expect((await call('sla', 'POST', `/v1/cases/${caseId}/status`, 'agent', { to: 'resolved', reason: 'refunded again' })).status).toBeLessThan(300);
    const skippedCase = await resolvedCase(silent);
    expect(await decided(skippedCase)).toMatchObject({ type: 'SurveySkipped', data: { reason: 'no_consent' } });

    const invitationId = (invited.data as { invitationId: string }).invitationId;
    const poor = await call('feedback', 'POST', `/v1/surveys/${invitationId}/responses`, 'integrator', { answers: { csat: 1, ces: 2, comment: 'charged twice, twice' } });
    expect(poor.status, JSON.stringify(poor.body)).toBe(201);
    expect(poor.body).toMatchObject({ followUpId: invitationId });
    const again = await call('feedback', 'POST', `/v1/surveys/${invitationId}/responses`, 'integrator', { answers: { csat: 5 } });
    expect(again.status).toBe(422);
    const opened = (await surveyEvents(caseId)).find(({ type }) => type === 'FollowUpOpened')!;
    expect(opened.data).toMatchObject({ reasons: ['csat', 'ces'], deadlineSource: 'sla_policy' });
    expect(Date.parse((opened.data as { dueAt: string }).dueAt) - Date.parse((opened.data as { openedAt: string }).openedAt)).toBe(15 * 60_000);
    expect((await surveyEvents(caseId)).filter(({ type }) => type === 'SurveyInvited')).toHaveLength(1);

    const day = clockStart.slice(0, 10);
    const scores = await call('feedback', 'GET', `/v1/surveys/scores?from=${day}&to=${day}&minPosition=${String(poor.body.position)}`, 'analyst');
    expect(scores.status, JSON.stringify(scores.body)).toBe(200);
    expect(scores.body).toMatchObject({ responses: 1, csat: { score: 0, n: 1 } });
  });

  it('an invitation left unanswered past its expiry is recorded expired by its durable timer, and a late answer is refused', async () => {
    // Reported by the call centre a month late: resolved 30 days ago, so its invitation (28 days to answer) has already expired.
    const late = `C-${randomUUID().slice(0, 8)}`;
    expect((await stack.call('intake', 'POST', '/v1/events', 'integrator', { events: [registration(late), surveyConsent(late)] })).status).toBe(202);
    const day = 86_400_000;
    const now = stack.clock().getTime();
    const caseId = `K-${randomUUID().slice(0, 8)}`;
    const opened = await call('sla', 'POST', '/v1/cases', 'integrator', { caseId, customerId: late, channel: 'phone', type: 'inquiry', priority: 'normal', subject: 'Opening hours', openedAt: new Date(now - 31 * day).toISOString(), source: { system: 'callcentre', externalId: `CC-${caseId}` } });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const resolved = await call('sla', 'POST', `/v1/cases/${caseId}/status`, 'integrator', { to: 'resolved', reason: 'answered', at: new Date(now - 30 * day).toISOString() });
    expect(resolved.status, JSON.stringify(resolved.body)).toBeLessThan(300);
    const expired = await eventually(async () => (await surveyEvents(caseId)).find(({ type }) => type === 'SurveyExpired'), `the expiry of case ${caseId}'s survey`, () => stack.service('feedback').output());
    const invited = (await surveyEvents(caseId)).find(({ type }) => type === 'SurveyInvited')!;
    expect((expired.data as { expiredAt: string }).expiredAt).toBe((invited.data as { expiresAt: string }).expiresAt);
    const answer = await call('feedback', 'POST', `/v1/surveys/${(invited.data as { invitationId: string }).invitationId}/responses`, 'integrator', { answers: { csat: 5 } });
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({ errors: [expect.objectContaining({ rule: 'survey_expired' })] });
  });
});
