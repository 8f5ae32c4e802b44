import { buildEvent, decoderFor, nameUuid, streamIdFor, type CustomerMessageEvent, type CustomerMessageKind, type RecordedEventOf } from '@ctp/contracts';
import type { EventStore } from '@ctp/event-store';

const messageEvent = decoderFor('message');

/** The outcomes recorded for one message on its customer's message stream, oldest first. */
export async function outcomesOf(store: EventStore, customerId: string, messageId: string): Promise<RecordedEventOf<'message'>[]> {
  return (await store.readStream(streamIdFor('message', customerId))).map(messageEvent).filter((event) => event.data.messageId === messageId);
}

/** No more attempts: sent, suppressed, or failed for the last time. An attempt at or below the last failed one is done too. */
export function isSettled(outcomes: readonly RecordedEventOf<'message'>[], attempt: number): boolean {
  return outcomes.some((event) => event.type === 'CustomerMessageSent' || event.type === 'CustomerMessageSuppressed' || (event.type === 'CustomerMessageFailed' && (event.data.nextAttemptAt === null || event.data.attempt >= attempt)));
}

/** What was sent to the customer, every message: the frequency cap counts it. */
export async function sentTo(store: EventStore, customerId: string): Promise<{ kind: CustomerMessageKind; sentAt: string }[]> {
  return (await store.readStream(streamIdFor('message', customerId))).map(messageEvent).flatMap((event) => (event.type === 'CustomerMessageSent' ? [{ kind: event.data.kind, sentAt: event.data.sentAt }] : []));
}

/**
 * Appends one outcome; its id names the message, the outcome and the attempt (and `instance`, for an outcome an
 * attempt can have more than once), so recording it twice (a timer fired again after a crash) finds the first one when
 * the content is the same.
 */
export async function recordOutcome(store: EventStore, event: CustomerMessageEvent, attempt: number, at: Date, causationId: string, instance?: string): Promise<void> {
  const streamId = streamIdFor('message', event.data.customerId);
  const envelope = buildEvent(event.type, event.data as never, {
    id: nameUuid(['customer-message-outcome', event.data.messageId, event.type, String(attempt), ...(instance === undefined ? [] : [instance])]), streamId, occurredAt: at.toISOString(), correlationId: event.data.messageId, causationId, actor: { kind: 'service', id: 'outbound' }, traceparent: null,
  });
  await store.append(streamId, [envelope], { expectedRevision: 'any' });
}
