import { calendarOf, defaultCalendarDocument } from '@ctp/calendar';
import { decoderFor, nameUuid, type RecordedEvent } from '@ctp/contracts';
import type { NotificationKind } from '../domain/notifications/digest-message.js';
import { sendTime } from '../domain/notifications/send-time.js';
import { caseOwner } from './case-owner.js';
import type { NotificationDeps } from './notification-deps.js';
import { scheduleDigest } from './notification-timers.js';

export const notificationReactorCategories = ['case'] as const;

const decode = decoderFor('case');

/**
 * An SLA warning or breach notifies the case's owner, when they are a recipient: at their next send time (their
 * digest's, held to working hours on the business calendar in their time zone, unless the kind is urgent for them).
 */
export async function reactToSlaEvents(deps: NotificationDeps, events: readonly RecordedEvent[]): Promise<void> {
  for (const event of events.map(decode)) {
    if (event.type !== 'SlaWarningRaised' && event.type !== 'SlaBreached') continue;
    const kind: NotificationKind = event.type === 'SlaWarningRaised' ? 'sla_warning' : 'sla_breached';
    const owner = await caseOwner(deps.history, event.data.caseId);
    const recipient = owner === null ? null : await deps.notifications.recipient(owner);
    if (!recipient) continue;
    const calendar = calendarOf({ ...defaultCalendarDocument, timeZone: recipient.timeZone });
    const sendAt = new Date(sendTime(calendar, Date.parse(event.data.at), { urgent: recipient.urgentKinds.includes(kind), digestMinutes: recipient.digestMinutes }));
    const { caseId, metric, deadline, at } = event.data;
    await deps.notifications.add({ notificationId: nameUuid(['notification', event.id, recipient.recipientId]), recipientId: recipient.recipientId, kind, caseId, metric, deadline, raisedAt: at, sendAt });
    await scheduleDigest(deps, recipient.recipientId, sendAt);
  }
}
