import { randomBytes, randomUUID } from 'node:crypto';
import { streamIdFor, type DomainEvent, type RecordedEvent } from '@ctp/contracts';
import { envelopes, openProtectedStores, type ProtectedStores } from '@ctp/event-store';
import { postgresUrl, uniqueName } from '@ctp/test-kit';
import { createTimerStore, type PostgresTimerStore } from '@ctp/timers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SmtpProcess } from '../test-support/smtp-process.js';
import { smtpMailer, type Mailer } from './mailer.js';
import type { NotificationDeps } from './notification-deps.js';
import { reactToNotifiableEvents } from './notification-reaction.js';
import { NotificationStore } from './notification-store.js';
import { sendDigest } from './notification-timers.js';

/** Shanghai time; 2026-03-04 is a Wednesday, a working day on the business calendar (09:00-12:00, 13:30-18:00 ... as published). */
const shanghai = (local: string) => new Date(`${local}+08:00`);

describe('notifications to a case’s owner: real PostgreSQL, a real SMTP server process', () => {
  let stores: ProtectedStores;
  let timers: PostgresTimerStore;
  let notifications: NotificationStore;
  let smtp: SmtpProcess;
  let mailer: Mailer;
  let now = shanghai('2026-03-04T09:00:00');
  let deps: NotificationDeps;

  beforeAll(async () => {
    const schema = uniqueName('outbound_notify');
    stores = await openProtectedStores({ eventStoreUrl: postgresUrl(), schema, masterKey: randomBytes(32).toString('base64') });
    timers = await createTimerStore(postgresUrl(), { schema, table: 'outbound_timers', now: () => now });
    notifications = await NotificationStore.open(postgresUrl(), schema);
    smtp = await SmtpProcess.start();
    mailer = smtpMailer(smtp.url, 'ctp-outbound@example.com');
    deps = { history: stores.reader, timers, notifications, mailer, clock: () => now };
  });
  afterAll(async () => {
    mailer?.close();
    await smtp?.stop();
    await Promise.all([notifications?.close(), timers?.close(), stores?.close()]);
  });

  /** A recipient of its own per test, owning a case of its own (opened by someone else, then assigned to them). */
  const ownerOfACase = async (settings: { digestMinutes: number; urgentKinds?: ('sla_warning' | 'sla_breached')[] }) => {
    const recipientId = `agent-${randomUUID().slice(0, 8)}`;
    const email = `${recipientId}@example.com`;
    await notifications.putRecipient({ recipientId, email, timeZone: 'Asia/Shanghai', urgentKinds: [], ...settings });
    const caseId = `K-${randomUUID().slice(0, 8)}`;
    await append(caseId, [
      { type: 'CaseOpened', data: { caseId, customerId: `C-${caseId}`, channel: 'phone', type: 'complaint', priority: 'normal', subject: 'Charged twice', openedAt: '2026-03-04T01:00:00.000Z', openedBy: 'key-intake', source: null, tierAtStart: null, slaPolicy: { policyId: 'default', policyVersion: 1, rule: 'phone-complaint' }, calendars: [{ calendarId: 'default', version: 1 }], targets: [{ metric: 'first_response', duration: 'PT15M', basis: 'business', calendarId: 'default', warnAtRatio: 0.75 }] } },
      { type: 'CaseReassigned', data: { caseId, from: null, to: { kind: 'agent', id: recipientId }, reassignedAt: '2026-03-04T01:01:00.000Z', by: 'lead' } },
    ]);
    return { recipientId, email, caseId };
  };
  const append = async (caseId: string, events: readonly DomainEvent[], category: 'case' | 'contact' = 'case'): Promise<RecordedEvent[]> => {
    const streamId = streamIdFor(category, caseId);
    const appended = await stores.store.append(streamId, envelopes(streamId, events, { causationId: randomUUID(), correlationId: 'notify-test', occurredAt: now.toISOString(), actor: { kind: 'service', id: 'sla' } }), { expectedRevision: 'any' });
    return (await stores.reader.readStream(streamId)).slice(-appended.events.length);
  };
  const warning = (caseId: string, at: Date): DomainEvent => ({ type: 'SlaWarningRaised', data: { caseId, metric: 'resolution', cycle: 1, at: at.toISOString(), deadline: '2026-03-09T10:00:00.000Z', elapsedMs: 1, targetMs: 2 } });
  const breach = (caseId: string, at: Date): DomainEvent => ({ type: 'SlaBreached', data: { caseId, metric: 'resolution', cycle: 1, at: at.toISOString(), deadline: at.toISOString() } });
  const mailsTo = async (email: string) => (await smtp.received()).filter((mail) => mail.to.includes(email));
  const timerAt = async (recipientId: string, at: Date) => timers.get(`notification-digest:${recipientId}:${at.getTime()}`);

  it('a warning inside working hours goes to the case’s owner at the end of its digest window', async () => {
    const owner = await ownerOfACase({ digestMinutes: 30 });
    now = shanghai('2026-03-04T10:05:00');
    await reactToNotifiableEvents(deps, await append(owner.caseId, [warning(owner.caseId, now)]));
    expect(await notifications.sent(owner.recipientId)).toMatchObject([{ sendAt: shanghai('2026-03-04T10:30:00'), sentAt: null }]);
    expect(await timerAt(owner.recipientId, shanghai('2026-03-04T10:30:00'))).toMatchObject({ state: 'pending', dueAt: shanghai('2026-03-04T10:30:00') });

    await sendDigest(deps, owner.recipientId);
    expect(await mailsTo(owner.email)).toEqual([]);
    now = shanghai('2026-03-04T10:30:00');
    await sendDigest(deps, owner.recipientId);
    const [mail, ...more] = await mailsTo(owner.email);
    expect(more).toEqual([]);
    expect(mail!.raw).toContain('Subject: [ctp] 1 SLA warning');
    expect(mail!.raw.replaceAll('=\r\n', '')).toContain(`SLA warning: case ${owner.caseId}, resolution, due`);
  });

  it('a warning at night is held until the next working morning', async () => {
    const owner = await ownerOfACase({ digestMinutes: 30 });
    now = shanghai('2026-03-04T21:40:00');
    await reactToNotifiableEvents(deps, await append(owner.caseId, [warning(owner.caseId, now)]));
    const morning = shanghai('2026-03-05T09:00:00');
    expect(await notifications.sent(owner.recipientId)).toMatchObject([{ sendAt: morning, sentAt: null }]);
    expect(await timerAt(owner.recipientId, morning)).toMatchObject({ state: 'pending' });

    now = shanghai('2026-03-05T08:59:00');
    await sendDigest(deps, owner.recipientId);
    expect(await mailsTo(owner.email)).toEqual([]);
    now = morning;
    await sendDigest(deps, owner.recipientId);
    expect(await mailsTo(owner.email)).toHaveLength(1);
    expect(await notifications.sent(owner.recipientId)).toMatchObject([{ sentAt: morning }]);
  });

  it('twenty warnings within one digest window are one message listing all twenty; handled twice, still twenty', async () => {
    const owner = await ownerOfACase({ digestMinutes: 30 });
    const raised = await append(owner.caseId, Array.from({ length: 20 }, (_, index) => warning(owner.caseId, shanghai(`2026-03-04T14:${String(index).padStart(2, '0')}:00`))));
    now = shanghai('2026-03-04T14:20:00');
    await reactToNotifiableEvents(deps, raised);
    await reactToNotifiableEvents(deps, raised);
    now = shanghai('2026-03-04T14:30:00');
    await sendDigest(deps, owner.recipientId);
    const mails = await mailsTo(owner.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.raw).toContain('Subject: [ctp] 20 SLA warnings');
    // quoted-printable: lines longer than 76 characters are wrapped with a soft break ("=" at the end).
    expect(mails[0]!.raw.replaceAll('=\r\n', '').match(/- SLA warning: case K-/g)).toHaveLength(20);
  });

  it('a breach urgent for its owner goes at once, at night too; a case whose owner is no recipient notifies no one', async () => {
    const owner = await ownerOfACase({ digestMinutes: 30, urgentKinds: ['sla_breached'] });
    now = shanghai('2026-03-04T23:10:00');
    await reactToNotifiableEvents(deps, await append(owner.caseId, [breach(owner.caseId, now)]));
    expect(await notifications.sent(owner.recipientId)).toMatchObject([{ sendAt: now }]);
    await sendDigest(deps, owner.recipientId);
    const [mail] = await mailsTo(owner.email);
    expect(mail!.raw).toContain('Subject: [ctp] 1 SLA breached');

    const unowned = `K-${randomUUID().slice(0, 8)}`;
    await reactToNotifiableEvents(deps, await append(unowned, [breach(unowned, now)]));
    expect(await notifications.sent('key-intake')).toEqual([]);
  });

  it('an overdue contact goes to the customer’s account manager, in their digest', async () => {
    const recipientId = `am-${randomUUID().slice(0, 8)}`;
    await notifications.putRecipient({ recipientId, email: `${recipientId}@example.com`, timeZone: 'Asia/Shanghai', digestMinutes: 60, urgentKinds: [] });
    const customerId = `C-${randomUUID().slice(0, 8)}`;
    now = shanghai('2026-03-04T15:20:00');
    const overdue: DomainEvent = { type: 'ContactObligationOverdue', data: { customerId, obligationId: `${customerId}:1`, kind: 'callback', dueAt: '2026-03-03T10:00:00.000Z', dueOn: '2026-03-03', tier: 'key', team: 'north', accountManager: recipientId, overdueAt: now.toISOString() } };
    await reactToNotifiableEvents(deps, await append(customerId, [overdue], 'contact'));
    expect(await notifications.sent(recipientId)).toMatchObject([{ sendAt: shanghai('2026-03-04T16:00:00'), sentAt: null }]);
    now = shanghai('2026-03-04T16:00:00');
    await sendDigest(deps, recipientId);
    const [mail] = await mailsTo(`${recipientId}@example.com`);
    expect(mail!.raw).toContain('Subject: [ctp] 1 overdue contact');
    expect(mail!.raw.replaceAll('=\r\n', '')).toContain(`overdue contact: customer ${customerId}, callback, due 2026-03-03T10:00:00.000Z`);
  });
});
