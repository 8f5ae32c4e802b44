import { defineTimerKind, scheduleTimer, timerRegistry } from '@ctp/timers';
import { z } from 'zod';
import { digestMessage } from '../domain/notifications/digest-message.js';
import type { NotificationDeps } from './notification-deps.js';

const digestPayload = z.strictObject({ recipientId: z.string().min(1) });

/** At a recipient's send time: everything of theirs due by now goes out as one message. */
const notificationDigest = defineTimerKind<NotificationDeps, z.output<typeof digestPayload>>({
  kind: 'notification-digest',
  payload: digestPayload,
  handle: ({ deps, payload }) => sendDigest(deps, payload.recipientId),
});

export const notificationTimers = timerRegistry<NotificationDeps>([notificationDigest]);

/** One timer per recipient and send time: twenty notifications due together schedule it once. */
export function scheduleDigest(deps: Pick<NotificationDeps, 'timers'>, recipientId: string, sendAt: Date): Promise<'scheduled' | 'exists'> {
  return scheduleTimer(deps.timers, notificationDigest, { id: `notification-digest:${recipientId}:${sendAt.getTime()}`, dueAt: sendAt, payload: { recipientId } });
}

/**
 * A crash between the SMTP server taking the message and the notifications marked sent sends that message again
 * when the timer fires again: at least once, never lost.
 */
export async function sendDigest(deps: NotificationDeps, recipientId: string): Promise<void> {
  const recipient = await deps.notifications.recipient(recipientId);
  const due = await deps.notifications.due(recipientId, deps.clock());
  if (!recipient || due.length === 0) return;
  const messageId = await deps.mailer.send({ to: recipient.email, ...digestMessage(due) });
  await deps.notifications.markSent(due.map((notification) => notification.notificationId), deps.clock(), messageId);
}
