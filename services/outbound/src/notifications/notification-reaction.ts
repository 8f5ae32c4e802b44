import { nameUuid, type RecordedEvent } from '@ctp/contracts';
import { recipientCalendar } from '../domain/notifications/recipient-calendar.js';
import { sendTime } from '../domain/notifications/send-time.js';
import { deriveNotification } from './derive-notification.js';
import type { NotificationDeps } from './notification-deps.js';
import { scheduleDigest } from './notification-timers.js';
import { publishedCalendar } from './published-calendar.js';

export { notificationReactorCategories } from './derive-notification.js';

/**
 * Each notification goes to its owner when they are a recipient (and the event was recorded after they became one:
 * a reactor reading a topic from its beginning tells no one of old history), at their next send time: their
 * digest's, held to working hours on their own calendar (else the business calendar in their time zone), unless the
 * kind is urgent for them.
 */
export async function reactToNotifiableEvents(deps: NotificationDeps, events: readonly RecordedEvent[]): Promise<void> {
  for (const event of events) {
    const raised = await deriveNotification(deps.history, event);
    const recipient = raised?.owner ? await deps.notifications.recipient(raised.owner) : null;
    if (!raised || !recipient || Date.parse(event.recordedAt) < recipient.since.getTime()) continue;
    const raisedAt = Date.parse(raised.raisedAt);
    const calendar = recipientCalendar(recipient.timeZone, recipient.calendarId ? await publishedCalendar(deps.history, recipient.calendarId) : [], raisedAt);
    const sendAt = new Date(sendTime(calendar, raisedAt, { urgent: recipient.urgentKinds.includes(raised.kind), digestMinutes: recipient.digestMinutes }));
    const { kind, about, detail, deadline } = raised;
    await deps.notifications.add({ notificationId: nameUuid(['notification', event.id, recipient.recipientId]), recipientId: recipient.recipientId, kind, about, detail, deadline, raisedAt: raised.raisedAt, sendAt });
    await scheduleDigest(deps, recipient.recipientId, sendAt);
  }
}
