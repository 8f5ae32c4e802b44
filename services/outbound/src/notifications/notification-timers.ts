import { defineTimerKind, scheduleTimer, timerRegistry } from '@ctp/timers';
import { z } from 'zod';
import { digestMessage } from '../domain/notifications/digest-message.js';
import type { NotificationDeps } from './notification-deps.js';
import type { NotificationChannel, Recipient } from './notification-store.js';

const digestPayload = z.strictObject({ recipientId: z.string().min(1) });

/** At a recipient's send time: everything of theirs due by now goes out as one message on each of their channels. */
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

/** Carries each channel's error: one of a server not there (ECONNREFUSED ...) is retried without being parked. */
export class DigestChannelsFailed extends AggregateError {
  constructor(recipientId: string, failures: readonly { channel: NotificationChannel; error: unknown }[]) {
    super(failures.map(({ error }) => error), `the digest to ${recipientId} failed on ${failures.map(({ channel, error }) => `${channel}: ${reasonOf(error)}`).join('; ')}`);
    this.name = 'DigestChannelsFailed';
  }
}

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

type Send = (digest: { subject: string; text: string }) => Promise<string | null>;

function channelsOf(deps: NotificationDeps, recipient: Recipient): [NotificationChannel, Send][] {
  const { email, chat } = recipient;
  return [
    ...(email ? [['email', (digest) => deps.mailer.send({ to: email, ...digest })] satisfies [NotificationChannel, Send]] : []),
    ...(chat ? [['chat', async (digest) => (await deps.chat.post(chat, digest), null)] satisfies [NotificationChannel, Send]] : []),
  ];
}

/**
 * Each channel gets the digest of what it has not carried yet; every attempt is recorded. A channel failing fails
 * the timer, which the timer worker retries with its backoff (parking it, visible, after its attempts): the retry
 * sends only on the channels still owing the digest. A crash between a channel taking the message and its send
 * recorded sends that message again: at least once, never lost.
 */
export async function sendDigest(deps: NotificationDeps, recipientId: string): Promise<void> {
  const recipient = await deps.notifications.recipient(recipientId);
  const due = await deps.notifications.due(recipientId, deps.clock());
  if (!recipient || due.length === 0) return;
  const failures: { channel: NotificationChannel; error: unknown }[] = [];
  const channels = channelsOf(deps, recipient);
  for (const [channel, send] of channels) {
    const owed = due.filter((notification) => !notification.sentOn.includes(channel));
    if (owed.length === 0) continue;
    const ids = owed.map((notification) => notification.notificationId);
    try {
      const messageId = await send(digestMessage(owed));
      await deps.notifications.recordAttempt(ids, channel, deps.clock(), { sent: true, messageId });
    } catch (error) {
      await deps.notifications.recordAttempt(ids, channel, deps.clock(), { sent: false, error: reasonOf(error) });
      failures.push({ channel, error });
    }
  }
  if (failures.length > 0) throw new DigestChannelsFailed(recipientId, failures);
  await deps.notifications.markSent(due.map((notification) => notification.notificationId), deps.clock());
}
