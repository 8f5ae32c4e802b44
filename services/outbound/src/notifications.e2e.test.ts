import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { streamIdFor, type DomainEvent } from '@ctp/contracts';
import { createEventStore, envelopes, type EventStore } from '@ctp/event-store';
import { eventually, freePort, postgresUrl, startServiceStack, type ServiceStack } from '@ctp/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signatureHeader, verifySignature } from './domain/webhooks/signature.js';
import { ReceiverProcess } from './test-support/receiver-process.js';
import { SmtpProcess } from './test-support/smtp-process.js';

/**
 * Through the processes: sla's events appended to the stack's store, published by the relay, consumed by outbound,
 * sent by its timer worker to a real SMTP server. The clock starts on a Wednesday morning in Shanghai (working
 * hours); the digest window is one minute so the test waits at most that. (Holding until the morning is proven in
 * notifications.int.test.ts: a process's clock cannot be moved to the next day.)
 */
const clockStart = '2026-03-04T10:00:00+08:00';

describe('notifications end to end: relay, outbound, a real SMTP server process and a chat webhook receiver process', () => {
  let stack: ServiceStack;
  let smtp: SmtpProcess;
  let chat: ReceiverProcess;
  let store: EventStore;

  beforeAll(async () => {
    smtp = await SmtpProcess.start();
    chat = new ReceiverProcess(await freePort(), await mkdtemp(join(tmpdir(), 'ctp-chat-')));
    await chat.start();
    stack = await startServiceStack(['relay', 'outbound'], { CLOCK_START: clockStart, SMTP_URL: smtp.url, MAIL_FROM: 'ctp@example.com' }, 'outbound_notify_e2e');
    store = await createEventStore(postgresUrl(), { schema: stack.schema });
  });
  afterAll(async () => {
    await store?.close();
    await stack?.stop();
    await smtp?.stop();
    await chat?.stop();
  });

  const publishCase = async (caseId: string, events: readonly DomainEvent[]) => {
    const streamId = streamIdFor('case', caseId);
    await store.append(streamId, envelopes(streamId, events, { causationId: randomUUID(), correlationId: 'notify-e2e', occurredAt: stack.clock().toISOString(), actor: { kind: 'service', id: 'sla' } }), { expectedRevision: 'any' });
  };

  it('three warnings of an agent’s cases raised together arrive as one e-mail and one Slack post when their digest window ends; bad recipient fields are named', async () => {
    const agent = `agent-${randomUUID().slice(0, 8)}`;
    const put = await stack.call('outbound', 'PUT', `/v1/recipients/${agent}`, 'admin', { email: `${agent}@example.com`, chat: { url: chat.url(`${agent}/hook`), format: 'slack' }, digestMinutes: 1 });
    expect(put.status, await put.clone().text()).toBe(200);
    const refusedPaths = async (body: object) => {
      const refused = await stack.call('outbound', 'PUT', `/v1/recipients/${agent}`, 'admin', body);
      expect(refused.status).toBe(400);
      return ((await refused.json()) as { errors: { path: string }[] }).errors.map((error) => error.path).sort();
    };
    expect(await refusedPaths({ email: 'not-an-address', digestMinutes: -1, timeZone: 'Mars/Olympus', chat: { url: 'ftp://chat.example/hook', format: 'teams' } })).toEqual(['body.chat.format', 'body.chat.url', 'body.digestMinutes', 'body.email', 'body.timeZone']);
    expect(await refusedPaths({ email: `${agent}@example.com`, calendarId: 'never-published' })).toEqual(['body.calendarId']);

    const caseIds = [1, 2, 3].map(() => `K-${randomUUID().slice(0, 8)}`);
    const at = stack.clock().toISOString();
    const windowEnd = Math.ceil((Date.parse(at) + 1) / 60_000) * 60_000;
    for (const caseId of caseIds) {
      await publishCase(caseId, [
        { type: 'CaseReassigned', data: { caseId, from: null, to: { kind: 'agent', id: agent }, reassignedAt: at, by: 'lead' } },
        { type: 'SlaWarningRaised', data: { caseId, metric: 'first_response', cycle: 1, at, deadline: '2026-03-04T03:00:00.000Z', elapsedMs: 675_000, targetMs: 900_000 } },
      ]);
    }
    const [mail, ...more] = await eventually(async () => {
      const mails = (await smtp.received()).filter((received) => received.to.includes(`${agent}@example.com`));
      return mails.length > 0 ? mails : undefined;
    }, 'the digest e-mail', () => stack.service('outbound').output(), 90_000);
    expect(more).toEqual([]);
    expect(mail!.raw).toContain('Subject: [ctp] 3 SLA warnings');
    for (const caseId of caseIds) expect(mail!.raw.replaceAll('=\r\n', '')).toContain(`case ${caseId}, first_response`);
    const [post] = await eventually(async () => {
      const posts = (await chat.received()).filter((request) => request.path.startsWith(`/${agent}/`));
      return posts.length > 0 ? posts : undefined;
    }, 'the digest posted to the chat webhook', () => stack.service('outbound').output());
    expect((JSON.parse(post!.body) as { text: string }).text).toMatch(/^\[ctp\] 3 SLA warnings\n/);
    expect(stack.clock().getTime()).toBeGreaterThanOrEqual(windowEnd);
  });

  it('a webhook subscribed to notification kinds gets each notification of those kinds as it is raised, signed, in the case’s order, whoever it is for', async () => {
    const secret = 'whsec-notifications-0123456789';
    const subscribe = (body: object) => stack.call('outbound', 'POST', '/v1/webhooks', 'admin', { url: chat.url('notified'), secret, ...body });
    const refused = await subscribe({ eventTypes: [], notificationKinds: [] });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { errors: { path: string }[] }).errors.map((error) => error.path)).toEqual(['body.eventTypes']);
    const subscribed = await subscribe({ notificationKinds: ['sla_warning', 'case_escalated'] });
    expect(subscribed.status, await subscribed.clone().text()).toBe(200);

    const caseId = `K-${randomUUID().slice(0, 8)}`;
    const at = stack.clock().toISOString();
    await publishCase(caseId, [
      { type: 'CaseReassigned', data: { caseId, from: null, to: { kind: 'agent', id: 'agent-no-recipient' }, reassignedAt: at, by: 'lead' } },
      { type: 'SlaWarningRaised', data: { caseId, metric: 'resolution', cycle: 1, at, deadline: '2026-03-04T09:00:00.000Z', elapsedMs: 675_000, targetMs: 900_000 } },
      { type: 'SlaBreached', data: { caseId, metric: 'resolution', cycle: 1, at, deadline: at } },
      { type: 'CaseEscalated', data: { caseId, level: 1, to: { kind: 'team', id: 'team-leads' }, escalatedAt: at, trigger: 'sla_breach', metric: 'resolution', by: 'sla' } },
    ]);
    const deliveries = await eventually(async () => {
      const received = (await chat.received()).filter((request) => request.path === '/notified' && request.answered === 200);
      return received.length >= 2 ? received : undefined;
    }, 'two notification deliveries', () => stack.service('outbound').output());
    const bodies = deliveries.map((request) => JSON.parse(request.body) as { notification: { kind: string; for: string | null; about: string; event: { type: string } } });
    expect(bodies.map(({ notification }) => [notification.kind, notification.for, notification.about, notification.event.type])).toEqual([
      ['sla_warning', 'agent-no-recipient', `case ${caseId}`, 'SlaWarningRaised'],
      ['case_escalated', 'team-leads', `case ${caseId}`, 'CaseEscalated'],
    ]);
    for (const request of deliveries) expect(verifySignature(secret, request.headers[signatureHeader]!, request.body, stack.clock())).toBe(true);
  });
});
