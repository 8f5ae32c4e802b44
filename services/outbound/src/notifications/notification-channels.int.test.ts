import { randomUUID } from 'node:crypto';
import { defaultCalendarDocument } from '@ctp/calendar';
import type { DomainEvent } from '@ctp/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotificationFixture, shanghai } from '../test-support/notification-fixture.js';
import { reactToNotifiableEvents } from './notification-reaction.js';
import { sendDigest } from './notification-timers.js';

const id = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;
const escalated = (caseId: string, to: string, at: Date): DomainEvent => ({ type: 'CaseEscalated', data: { caseId, level: 1, to: { kind: 'team', id: to }, escalatedAt: at.toISOString(), trigger: 'sla_breach', metric: 'first_response', by: 'sla' } });
/** Quoted-printable soft breaks and folded header lines joined again. */
const unfolded = (raw: string) => raw.replaceAll('=\r\n', '').replaceAll('\r\n ', ' ');

describe('escalations, overdue tasks, own calendars and chat webhooks: real PostgreSQL, SMTP server and HTTP receiver processes', () => {
  let fixture: NotificationFixture;
  beforeAll(async () => {
    fixture = await NotificationFixture.start('outbound_notify_channels');
  });
  afterAll(async () => {
    await fixture?.stop();
  });
  const react = async (...batches: Promise<Parameters<typeof reactToNotifiableEvents>[1]>[]) => reactToNotifiableEvents(fixture.deps, (await Promise.all(batches)).flat());
  const digest = (recipientId: string) => sendDigest(fixture.deps, recipientId);

  it('case and contact escalations, an overdue follow-up and an overdue improvement action go to whom they name; an urgent kind at once', async () => {
    const lead = await fixture.recipient('lead', { urgentKinds: ['case_escalated'] });
    const [caseId, customerId, actionId] = [id('K'), id('C'), id('A')];
    fixture.now = shanghai('2026-03-04T10:05:00');
    await react(
      fixture.append('case', caseId, [escalated(caseId, lead.recipientId, fixture.now)]),
      fixture.append('contact', customerId, [{ type: 'ContactObligationEscalated', data: { customerId, obligationId: `${customerId}:1`, level: 2, to: { kind: 'team_lead', id: lead.recipientId }, escalatedAt: fixture.now.toISOString() } }]),
      fixture.append('survey', id('I'), [{ type: 'FollowUpOverdue', data: { invitationId: 'I-1', customerId, followUpId: 'F-1', dueAt: shanghai('2026-03-04T10:00:00').toISOString(), owner: { kind: 'team', id: lead.recipientId } } }]),
      fixture.append('improvement', actionId, [{ type: 'ImprovementActionOverdue', data: { actionId, owner: lead.recipientId, dueDate: '2026-03-03', status: 'in_progress', escalatedAt: fixture.now.toISOString() } }]),
    );
    expect((await fixture.notifications.sent(lead.recipientId)).map(({ kind, sendAt }) => [kind, sendAt]).sort()).toEqual([
      ['case_escalated', fixture.now],
      ['contact_escalated', shanghai('2026-03-04T10:30:00')],
      ['follow_up_overdue', shanghai('2026-03-04T10:30:00')],
      ['improvement_overdue', shanghai('2026-03-04T10:30:00')],
    ]);

    await digest(lead.recipientId);
    fixture.now = shanghai('2026-03-04T10:30:00');
    await digest(lead.recipientId);
    const [urgent, rest, ...more] = await fixture.mailsTo(lead.email!);
    expect(more).toEqual([]);
    expect(urgent!.raw).toContain('Subject: [ctp] 1 escalated case');
    expect(unfolded(urgent!.raw)).toContain(`- escalated case: case ${caseId}, level 1, first_response breached (raised`);
    expect(unfolded(rest!.raw)).toContain('Subject: [ctp] 1 escalated contact, 1 overdue follow-up, 1 overdue improvement action');
    expect(unfolded(rest!.raw)).toContain(`- overdue improvement action: improvement action ${actionId}, in_progress, due 2026-03-03`);
  });

  it('an event recorded before its owner became a recipient tells them nothing (a reactor reading a topic from its beginning floods no one)', async () => {
    const { recipientId } = await fixture.recipient('late', {}, new Date('2100-01-01T00:00:00Z'));
    const caseId = id('K');
    await react(fixture.append('case', caseId, [escalated(caseId, recipientId, fixture.now)]));
    expect(await fixture.notifications.sent(recipientId)).toEqual([]);
  });

  it('a recipient’s own calendar holds the message over its holiday to the next working day', async () => {
    const calendarId = id('office').toLowerCase();
    fixture.now = shanghai('2026-03-04T21:40:00');
    await fixture.append('calendar', calendarId, [{ type: 'CalendarVersionPublished', data: { calendar: { ...defaultCalendarDocument, id: calendarId, version: 1, holidays: [{ date: '2026-03-05', name: 'company day' }], makeUpDays: [], overrides: [] }, effectiveFrom: '2026-01-01T00:00:00.000Z' } }]);
    const agent = await fixture.recipient('agent', { calendarId });
    const caseId = id('K');
    await react(fixture.append('case', caseId, [escalated(caseId, agent.recipientId, fixture.now)]));
    const friday = shanghai('2026-03-06T09:00:00');
    expect(await fixture.notifications.sent(agent.recipientId)).toMatchObject([{ sendAt: friday, sentAt: null }]);
    expect(await fixture.timerAt(agent.recipientId, friday)).toMatchObject({ state: 'pending' });

    fixture.now = shanghai('2026-03-05T09:00:00');
    await digest(agent.recipientId);
    expect(await fixture.mailsTo(agent.email!)).toEqual([]);
    fixture.now = friday;
    await digest(agent.recipientId);
    expect(await fixture.mailsTo(agent.email!)).toHaveLength(1);
  });

  it('a digest goes to e-mail and a Slack webhook; the webhook failing loses nothing: recorded, and the retry posts it there only', async () => {
    const segment = id('slack');
    const agent = await fixture.recipient('agent', { digestMinutes: 0, chat: { url: fixture.chat.url(`${segment}/hook`), format: 'slack' } });
    const caseId = id('K');
    fixture.now = shanghai('2026-03-04T11:00:00');
    await react(fixture.append('case', caseId, [escalated(caseId, agent.recipientId, fixture.now)]));
    await fixture.chat.failing(segment, true);

    await expect(digest(agent.recipientId)).rejects.toThrow(`the digest to ${agent.recipientId} failed on chat: HTTP 500: down`);
    expect(await fixture.mailsTo(agent.email!)).toHaveLength(1);
    expect((await fixture.chatPosts(segment)).map(({ answered }) => answered)).toEqual([500]);
    const [failed] = await fixture.notifications.sent(agent.recipientId);
    expect(failed).toMatchObject({ sentAt: null, channels: [{ channel: 'chat', attempts: 1, sentAt: null, lastError: 'HTTP 500: down' }, { channel: 'email', attempts: 1, sentAt: fixture.now, lastError: null }] });

    await fixture.chat.failing(segment, false);
    fixture.now = shanghai('2026-03-04T11:00:02');
    await digest(agent.recipientId);
    await digest(agent.recipientId);
    expect(await fixture.mailsTo(agent.email!)).toHaveLength(1);
    const posts = await fixture.chatPosts(segment);
    expect(posts.map(({ answered }) => answered)).toEqual([500, 200]);
    expect(posts[1]!.body).toEqual({ text: `[ctp] 1 escalated case\n- escalated case: case ${caseId}, level 1, first_response breached (raised ${shanghai('2026-03-04T11:00:00').toISOString()})` });
    expect(await fixture.notifications.sent(agent.recipientId)).toMatchObject([{ sentAt: fixture.now, channels: [{ channel: 'chat', attempts: 2, sentAt: fixture.now, lastError: null }, { channel: 'email', attempts: 1 }] }]);
  });

  it('a recipient with only a WeCom robot gets the robot’s text message and no e-mail', async () => {
    const segment = id('wecom');
    const agent = await fixture.recipient('agent', { email: null, digestMinutes: 0, chat: { url: fixture.chat.url(`${segment}/cgi-bin/webhook/send?key=k`), format: 'wecom' } });
    const caseId = id('K');
    fixture.now = shanghai('2026-03-04T11:30:00');
    await react(fixture.append('case', caseId, [escalated(caseId, agent.recipientId, fixture.now)]));
    await digest(agent.recipientId);
    expect(await fixture.chatPosts(segment)).toEqual([{ answered: 200, body: { msgtype: 'text', text: { content: expect.stringContaining(`[ctp] 1 escalated case\n- escalated case: case ${caseId}`) as unknown } } }]);
    expect(await fixture.notifications.sent(agent.recipientId)).toMatchObject([{ sentAt: fixture.now }]);
  });
});
