import { randomUUID } from 'node:crypto';
import type { DomainEvent } from '@ctp/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotificationFixture, shanghai } from '../test-support/notification-fixture.js';
import type { NotificationKind } from '@ctp/contracts';
import { reactToNotifiableEvents } from './notification-reaction.js';
import { sendDigest } from './notification-timers.js';

describe('notifications to a case’s owner: real PostgreSQL, a real SMTP server process', () => {
  let fixture: NotificationFixture;
  beforeAll(async () => {
    fixture = await NotificationFixture.start('outbound_notify');
  });
  afterAll(async () => {
    await fixture?.stop();
  });

  /** A recipient of its own per test, owning a case of its own (opened by someone else, then assigned to them). */
  const ownerOfACase = async (settings: { digestMinutes: number; urgentKinds?: NotificationKind[] }) => {
    const { recipientId, email } = await fixture.recipient('agent', settings);
    const caseId = `K-${randomUUID().slice(0, 8)}`;
    await append(caseId, [
      { type: 'CaseOpened', data: { caseId, customerId: `C-${caseId}`, channel: 'phone', type: 'complaint', priority: 'normal', subject: 'Charged twice', openedAt: '2026-03-04T01:00:00.000Z', openedBy: 'key-intake', source: null, tierAtStart: null, slaPolicy: { policyId: 'default', policyVersion: 1, rule: 'phone-complaint' }, calendars: [{ calendarId: 'default', version: 1 }], targets: [{ metric: 'first_response', duration: 'PT15M', basis: 'business', calendarId: 'default', warnAtRatio: 0.75 }] } },
      { type: 'CaseReassigned', data: { caseId, from: null, to: { kind: 'agent', id: recipientId }, reassignedAt: '2026-03-04T01:01:00.000Z', by: 'lead' } },
    ]);
    return { recipientId, email: email!, caseId };
  };
  const append = (id: string, events: readonly DomainEvent[], category: 'case' | 'contact' = 'case') => fixture.append(category, id, events);
  const warning = (caseId: string, at: Date): DomainEvent => ({ type: 'SlaWarningRaised', data: { caseId, metric: 'resolution', cycle: 1, at: at.toISOString(), deadline: '2026-03-09T10:00:00.000Z', elapsedMs: 1, targetMs: 2 } });
  const breach = (caseId: string, at: Date): DomainEvent => ({ type: 'SlaBreached', data: { caseId, metric: 'resolution', cycle: 1, at: at.toISOString(), deadline: at.toISOString() } });
  const mailsTo = (email: string) => fixture.mailsTo(email);
  const timerAt = (recipientId: string, at: Date) => fixture.timerAt(recipientId, at);
  const react = (events: Parameters<typeof reactToNotifiableEvents>[1]) => reactToNotifiableEvents(fixture.deps, events);
  const digest = (recipientId: string) => sendDigest(fixture.deps, recipientId);

  it('a warning inside working hours goes to the case’s owner at the end of its digest window', async () => {
    const owner = await ownerOfACase({ digestMinutes: 30 });
    fixture.now = shanghai('2026-03-04T10:05:00');
    await react(await append(owner.caseId, [warning(owner.caseId, fixture.now)]));
    expect(await fixture.notifications.sent(owner.recipientId)).toMatchObject([{ sendAt: shanghai('2026-03-04T10:30:00'), sentAt: null }]);
    expect(await timerAt(owner.recipientId, shanghai('2026-03-04T10:30:00'))).toMatchObject({ state: 'pending', dueAt: shanghai('2026-03-04T10:30:00') });

    await digest(owner.recipientId);
    expect(await mailsTo(owner.email)).toEqual([]);
    fixture.now = shanghai('2026-03-04T10:30:00');
    await digest(owner.recipientId);
    const [mail, ...more] = await mailsTo(owner.email);
    expect(more).toEqual([]);
    expect(mail!.raw).toContain('Subject: [ctp] 1 SLA warning');
    expect(mail!.raw.replaceAll('=\r\n', '')).toContain(`SLA warning: case ${owner.caseId}, resolution, due`);
  });

  it('a warning at night is held until the next working morning', async () => {
    const owner = await ownerOfACase({ digestMinutes: 30 });
    fixture.now = shanghai('2026-03-04T21:40:00');
    await react(await append(owner.caseId, [warning(owner.caseId, fixture.now)]));
    const morning = shanghai('2026-03-05T09:00:00');
    expect(await fixture.notifications.sent(owner.recipientId)).toMatchObject([{ sendAt: morning, sentAt: null }]);
    expect(await timerAt(owner.recipientId, morning)).toMatchObject({ state: 'pending' });

    fixture.now = shanghai('2026-03-05T08:59:00');
    await digest(owner.recipientId);
    expect(await mailsTo(owner.email)).toEqual([]);
    fixture.now = morning;
    await digest(owner.recipientId);
    expect(await mailsTo(owner.email)).toHaveLength(1);
    expect(await fixture.notifications.sent(owner.recipientId)).toMatchObject([{ sentAt: morning }]);
  });

  it('twenty warnings within one digest window are one message listing all twenty; handled twice, still twenty', async () => {
    const owner = await ownerOfACase({ digestMinutes: 30 });
    const raised = await append(owner.caseId, Array.from({ length: 20 }, (_, index) => warning(owner.caseId, shanghai(`2026-03-04T14:${String(index).padStart(2, '0')}:00`))));
    fixture.now = shanghai('2026-03-04T14:20:00');
    await react(raised);
    await react(raised);
    fixture.now = shanghai('2026-03-04T14:30:00');
    await digest(owner.recipientId);
    const mails = await mailsTo(owner.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.raw).toContain('Subject: [ctp] 20 SLA warnings');
    // quoted-printable: lines longer than 76 characters are wrapped with a soft break ("=" at the end).
    expect(mails[0]!.raw.replaceAll('=\r\n', '').match(/- SLA warning: case K-/g)).toHaveLength(20);
  });

  it('a breach urgent for its owner goes at once, at night too; a case whose owner is no recipient notifies no one', async () => {
    const owner = await ownerOfACase({ digestMinutes: 30, urgentKinds: ['sla_breached'] });
    fixture.now = shanghai('2026-03-04T23:10:00');
    await react(await append(owner.caseId, [breach(owner.caseId, fixture.now)]));
    expect(await fixture.notifications.sent(owner.recipientId)).toMatchObject([{ sendAt: fixture.now }]);
    await digest(owner.recipientId);
    const [mail] = await mailsTo(owner.email);
    expect(mail!.raw).toContain('Subject: [ctp] 1 SLA breached');

    const unowned = `K-${randomUUID().slice(0, 8)}`;
    await react(await append(unowned, [breach(unowned, fixture.now)]));
    expect(await fixture.notifications.sent('key-intake')).toEqual([]);
  });

  it('an overdue contact goes to the customer’s account manager, in their digest', async () => {
    const { recipientId } = await fixture.recipient('am', { digestMinutes: 60 });
    const customerId = `C-${randomUUID().slice(0, 8)}`;
    fixture.now = shanghai('2026-03-04T15:20:00');
    const overdue: DomainEvent = { type: 'ContactObligationOverdue', data: { customerId, obligationId: `${customerId}:1`, kind: 'callback', dueAt: '2026-03-03T10:00:00.000Z', dueOn: '2026-03-03', tier: 'key', team: 'north', accountManager: recipientId, overdueAt: fixture.now.toISOString() } };
    await react(await append(customerId, [overdue], 'contact'));
    expect(await fixture.notifications.sent(recipientId)).toMatchObject([{ sendAt: shanghai('2026-03-04T16:00:00'), sentAt: null }]);
    fixture.now = shanghai('2026-03-04T16:00:00');
    await digest(recipientId);
    const [mail] = await mailsTo(`${recipientId}@example.com`);
    expect(mail!.raw).toContain('Subject: [ctp] 1 overdue contact');
    expect(mail!.raw.replaceAll('=\r\n', '')).toContain(`overdue contact: customer ${customerId}, callback, due 2026-03-03T10:00:00.000Z`);
  });
});
