import { calendarOf, defaultCalendarDocument } from '@ctp/calendar';
import { decoderFor, nameUuid, type RecordedEvent } from '@ctp/contracts';
import type { PendingNotification } from '../domain/notifications/digest-message.js';
import { sendTime } from '../domain/notifications/send-time.js';
import { caseOwner } from './case-owner.js';
import type { NotificationDeps } from './notification-deps.js';
import { scheduleDigest } from './notification-timers.js';

export const notificationReactorCategories = ['case', 'contact'] as const;

const decoders = { case: decoderFor('case'), contact: decoderFor('contact') };

interface Raised extends PendingNotification {
  readonly owner: string | null;
}

/** What an event asks to tell someone, and whom: a case's owner, an overdue contact's account manager (else its team). */
async function raisedBy(deps: NotificationDeps, raw: RecordedEvent): Promise<Raised | null> {
  if (raw.streamId.startsWith('contact-')) {
    const event = decoders.contact(raw);
    if (event.type !== 'ContactObligationOverdue') return null;
    const { customerId, kind, dueAt, overdueAt, accountManager, team } = event.data;
    return { kind: 'contact_overdue', owner: accountManager ?? team, about: `customer ${customerId}`, detail: kind, deadline: dueAt, raisedAt: overdueAt };
  }
  const event = decoders.case(raw);
  if (event.type !== 'SlaWarningRaised' && event.type !== 'SlaBreached') return null;
  const { caseId, metric, deadline, at } = event.data;
  return { kind: event.type === 'SlaWarningRaised' ? 'sla_warning' : 'sla_breached', owner: await caseOwner(deps.history, caseId), about: `case ${caseId}`, detail: metric, deadline, raisedAt: at };
}

/**
 * Each notification goes to its owner when they are a recipient, at their next send time: their digest's, held to
 * working hours on the business calendar in their time zone, unless the kind is urgent for them.
 */
export async function reactToNotifiableEvents(deps: NotificationDeps, events: readonly RecordedEvent[]): Promise<void> {
  for (const event of events) {
    const raised = await raisedBy(deps, event);
    const recipient = raised?.owner ? await deps.notifications.recipient(raised.owner) : null;
    if (!raised || !recipient) continue;
    const calendar = calendarOf({ ...defaultCalendarDocument, timeZone: recipient.timeZone });
    const sendAt = new Date(sendTime(calendar, Date.parse(raised.raisedAt), { urgent: recipient.urgentKinds.includes(raised.kind), digestMinutes: recipient.digestMinutes }));
    const { kind, about, detail, deadline, raisedAt } = raised;
    await deps.notifications.add({ notificationId: nameUuid(['notification', event.id, recipient.recipientId]), recipientId: recipient.recipientId, kind, about, detail, deadline, raisedAt, sendAt });
    await scheduleDigest(deps, recipient.recipientId, sendAt);
  }
}
