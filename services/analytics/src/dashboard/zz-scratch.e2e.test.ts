import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { nameUuid, streamIdFor } from '@ctp/contracts';
import { createPostgresEventStore, type EventStore } from '@ctp/event-store';
import { eventually, postgresUrl, startServiceStack, type ServiceStack } from '@ctp/test-kit';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { existsSync } from 'node:fs';

/**
 * The analysts' dashboard in Debian's Chromium against the real services: a small history sent through
 * intake, sla and feedback (as in read-side.e2e.test.ts), then the page read as an analyst would. The
 * services start on Wednesday 4 March 2026, 14:00 in Shanghai; the overview's default period is January
 * to March 2026.
 */
const clockStart = '2026-03-04T14:00:00+08:00';
const minutes = 60_000;
const results = fileURLToPath(new URL('../../../../.local/test-results/', import.meta.url));
const screenshots = `${results}screenshots/`;
const evidence = { method: 'app', reference: 'opt-in', noticeVersion: '1' };
const fact = (customerId: string, type: string, data: Record<string, unknown>, occurredAt: string) => ({ id: randomUUID(), type, customerId, occurredAt, data });
const registration = (customerId: string) =>
  fact(customerId, 'CustomerRegistered', { kind: 'person', name: 'Zhao Lei', customerSince: '2024-12-01', source: { system: 'erp', externalId: `E-${customerId}` }, serviceConsent: evidence }, '2024-12-01T02:00:00Z');
const surveyConsent = (customerId: string) => fact(customerId, 'ConsentGranted', { purpose: 'survey', evidence }, '2024-12-01T03:00:00Z');
const purchase = (customerId: string, orderId: string, day: string) => fact(customerId, 'PurchaseRecorded', { orderId, amount: '300.00', margin: '60.00', currency: 'CNY', channel: 'online' }, `${day}T04:00:00Z`);

type Row = Record<string, unknown>;


it('scratch', async () => {
  let stack: ServiceStack; let reader: EventStore;
  const id = () => randomUUID().slice(0, 8);
  const [a, b, c] = [`C-A${id()}`, `C-B${id()}`, `C-C${id()}`];
  const [breachedCase, metCase] = [`K-${id()}`, `K-${id()}`];
  const output = () => stack.service('analytics').output();
  const post = async (service: string, path: string, body: unknown, role = 'agent') => {
    const response = await stack.call(service, 'POST', path, role, body);
    const answer = (await response.json()) as Row;
    expect(response.status, JSON.stringify(answer)).toBeLessThan(300);
    return answer;
  };
  const rowsOnceSettled = (path: string, settled: (rows: Row[]) => boolean) =>
    eventually(async () => {
      const response = await stack.call('analytics', 'GET', path, 'analyst');
      const { rows } = (await response.json()) as { rows: Row[] };
      return response.status === 200 && settled(rows) ? rows : undefined;
    }, `analytics ${path}`, output);

    await mkdir(screenshots, { recursive: true });
    stack = await startServiceStack(['relay', 'intake', 'tiering', 'sla', 'feedback', 'analytics'], { CLOCK_START: clockStart, SURVEY_DELAY_MINUTES: '0' });
    reader = await createPostgresEventStore(postgresUrl(), { schema: stack.schema, migrate: false });
    const facts = [
      registration(a), registration(b), registration(c), surveyConsent(b),
      purchase(a, 'SO-A1', '2026-01-10'), purchase(a, 'SO-A2', '2026-02-15'), purchase(a, 'SO-A3', '2026-03-02'),
      purchase(b, 'SO-B1', '2026-02-20'), purchase(c, 'SO-C1', '2025-01-05'),
    ];
    const sent = await stack.call('intake', 'POST', '/v1/events', 'integrator', { events: facts });
    expect(sent.status, await sent.text()).toBe(202);
    // A phone complaint of A opened 20 minutes ago (first response already late), an email inquiry of B answered and resolved at once.
    const openedAt = new Date(stack.clock().getTime() - 20 * minutes).toISOString();
    await post('sla', '/v1/cases', { caseId: breachedCase, customerId: a, channel: 'phone', type: 'complaint', priority: 'normal', subject: 'Charged twice', openedAt, source: { system: 'callcentre', externalId: `CC-${breachedCase}` } }, 'integrator');
    await post('sla', '/v1/cases', { caseId: metCase, customerId: b, channel: 'email', type: 'inquiry', priority: 'normal', subject: 'Opening hours' });
    await post('sla', `/v1/cases/${metCase}/replies`, { body: 'We open at nine.' });
    await post('sla', `/v1/cases/${metCase}/status`, { to: 'resolved', reason: 'answered' });
    const invited = await eventually(
      async () => (await reader.readStream(streamIdFor('survey', nameUuid(['survey-case', metCase])))).find(({ type }) => type === 'SurveyInvited'),
      `the survey of case ${metCase}`,
      () => stack.service('feedback').output(),
    );
    await post('feedback', `/v1/surveys/${(invited.data as { invitationId: string }).invitationId}/responses`, { answers: { csat: 5, ces: 6 } }, 'integrator');
    // The page is opened once the read models hold the history (they follow the store with a lag).
    await rowsOnceSettled('/v1/analytics/service-levels/compliance?from=2026-03&to=2026-03&groupBy=metric&metric=first_response', (rows) => rows[0]?.met === 1 && rows[0]?.breached === 1);
    await rowsOnceSettled('/v1/analytics/satisfaction/trend?from=2026-03&to=2026-03', (rows) => rows[0]?.answered === 1);
    await rowsOnceSettled('/v1/analytics/complaints/rate?from=2026-03&to=2026-03', (rows) => rows[0]?.complaints === 1);
    await rowsOnceSettled('/v1/analytics/churn/risks', (rows) => rows.length >= 2);
    
  await writeFile('/tmp/dash/stack.json', JSON.stringify({ base: stack.service('analytics').baseUrl, keys: stack.keys, a, b, c, breachedCase, metCase }));
  while (!existsSync('/tmp/dash/stop')) await new Promise((r) => setTimeout(r, 1000));
  await writeFile('/tmp/dash/analytics-output.txt', output());
  await stack.stop(); await reader.close();
}, 3_600_000);
