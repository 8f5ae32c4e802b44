import { buildEvent, decoderFor, nameUuid, streamIdFor, type CustomerMessageEvent, type RecordedEventOf } from '@ctp/contracts';
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

/**
 * Appends one outcome; its id names the message, the outcome and the attempt, so recording it twice (a timer fired
 * again after a crash) finds the first one when the content is the same.
 */
export async function recordOutcome(store: EventStore, event: CustomerMessageEvent, attempt: number, at: Date, causationId: string): Promise<void> {
  const streamId = streamIdFor('message', event.data.customerId);
  const envelope = buildEvent(event.type, event.data as never, {
    id: nameUuid(['customer-message-outcome', event.data.messageId, event.type, String(attempt)]), streamId, occurredAt: at.toISOString(), correlationId: event.data.messageId, causationId, actor: { kind: 'service', id: 'outbound' }, traceparent: null,
  });
  await store.append(streamId, [envelope], { expectedRevision: 'any' });
}
