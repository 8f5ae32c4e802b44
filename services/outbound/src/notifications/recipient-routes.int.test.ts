import { randomUUID } from 'node:crypto';
import { defaultCalendarDocument } from '@ctp/calendar';
import { bearer, testApp } from '@ctp/service-kit/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotificationFixture, shanghai } from '../test-support/notification-fixture.js';
import { reactToNotifiableEvents } from './notification-reaction.js';
import { sendDigest } from './notification-timers.js';
import { recipientRoutes } from './recipient-routes.js';

describe('the recipient routes on a real store and notification tables', () => {
  let fixture: NotificationFixture;
  let app: FastifyInstance;
  beforeAll(async () => {
    fixture = await NotificationFixture.start('outbound_recipient_routes');
    app = await testApp({ routes: recipientRoutes(fixture.deps) });
  });
  afterAll(async () => {
    await app?.close();
    await fixture?.stop();
  });
  const put = (recipientId: string, body: object) => app.inject({ method: 'PUT', url: `/v1/recipients/${recipientId}`, headers: bearer('admin'), payload: body });
  const get = (url: string) => app.inject({ method: 'GET', url, headers: bearer('admin') });
  const pathsOf = (body: string) => (JSON.parse(body) as { errors: { path: string }[] }).errors.map(({ path }) => path).sort();

  it('an e-mail-only body still works; chat and calendar are added later; bad fields are named and write nothing', async () => {
    const recipientId = `agent-${randomUUID().slice(0, 8)}`;
    fixture.now = shanghai('2026-03-04T09:00:00');
    expect((await put(recipientId, { email: `${recipientId}@example.com` })).json()).toEqual({
      recipientId, email: `${recipientId}@example.com`, chat: null, timeZone: 'Asia/Shanghai', calendarId: null, digestMinutes: 30, urgentKinds: [], since: fixture.now.toISOString(),
    });

    const refused = await put(recipientId, { chat: { url: 'javascript:alert(1)', format: 'teams' }, urgentKinds: ['sla_warning', 'gossip'] });
    expect(refused.statusCode).toBe(400);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(pathsOf(refused.body)).toEqual(['body.chat.format', 'body.chat.url', 'body.urgentKinds[1]']);
    expect(pathsOf((await put(recipientId, { digestMinutes: 5 })).body)).toEqual(['body.email']);
    const calendarId = `office-${randomUUID().slice(0, 8)}`;
    const unpublished = await put(recipientId, { email: `${recipientId}@example.com`, calendarId });
    expect([unpublished.statusCode, pathsOf(unpublished.body)]).toEqual([400, ['body.calendarId']]);
    expect((await get(`/v1/recipients/${recipientId}`)).json()).toMatchObject({ chat: null, calendarId: null, digestMinutes: 30 });

    await fixture.append('calendar', calendarId, [{ type: 'CalendarVersionPublished', data: { calendar: { ...defaultCalendarDocument, id: calendarId, version: 1 }, effectiveFrom: '2026-01-01T00:00:00.000Z' } }]);
    fixture.now = shanghai('2026-03-04T10:00:00');
    const chat = { url: 'https://chat.example/hooks/1', format: 'slack' };
    expect((await put(recipientId, { chat, calendarId, urgentKinds: ['case_escalated'] })).json()).toMatchObject({ email: null, chat, calendarId, urgentKinds: ['case_escalated'], since: shanghai('2026-03-04T09:00:00').toISOString() });
  });

  it('a recipient’s notifications show what went out on each channel and what failed, and why', async () => {
    const recipientId = `agent-${randomUUID().slice(0, 8)}`;
    await put(recipientId, { email: `${recipientId}@example.com`, chat: { url: fixture.chat.url(`${recipientId}/hook`), format: 'slack' }, digestMinutes: 0 });
    await fixture.chat.failing(recipientId, true);
    fixture.now = shanghai('2026-03-04T11:00:00');
    const caseId = `K-${randomUUID().slice(0, 8)}`;
    await reactToNotifiableEvents(fixture.deps, await fixture.append('case', caseId, [{ type: 'CaseEscalated', data: { caseId, level: 1, to: { kind: 'agent', id: recipientId }, escalatedAt: fixture.now.toISOString(), trigger: 'manual', metric: null, by: 'lead' } }]));
    await expect(sendDigest(fixture.deps, recipientId)).rejects.toThrow('chat: HTTP 500');

    const listed = await get(`/v1/recipients/${recipientId}/notifications`);
    expect(listed.statusCode).toBe(200);
    expect(listed.json()).toEqual({
      notifications: [{
        notificationId: expect.any(String) as unknown, kind: 'case_escalated', about: `case ${caseId}`, detail: 'level 1, manual', deadline: null, raisedAt: fixture.now.toISOString(), sendAt: fixture.now.toISOString(), sentAt: null,
        channels: [
          { channel: 'chat', attempts: 1, sentAt: null, messageId: null, lastError: 'HTTP 500: down', lastAttemptAt: fixture.now.toISOString() },
          { channel: 'email', attempts: 1, sentAt: fixture.now.toISOString(), messageId: expect.stringContaining('@example.com') as unknown, lastError: null, lastAttemptAt: fixture.now.toISOString() },
        ],
      }],
    });
  });
});
