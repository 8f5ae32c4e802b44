import { streamIdFor, type ContactEvent, type RecordedEvent } from '@ctp/contracts';
import { envelopes } from '@ctp/event-store';

const timeFields = ['plannedAt', 'cancelledAt', 'assignedAt', 'dueAt', 'at', 'overdueAt', 'escalatedAt', 'endedAt'] as const;

/** When the event happened, as its data says (an outcome's `at` before its obligation's `dueAt`). */
function businessTimeOf(event: ContactEvent): string {
  const data = event.data as Partial<Record<(typeof timeFields)[number], string>>;
  const order = event.type === 'ContactOutcomeRecorded' ? (['at'] as const) : event.type === 'ContactObligationOverdue' ? (['overdueAt'] as const) : timeFields;
  const text = order.map((field) => data[field]).find((value) => value !== undefined);
  if (text === undefined) throw new Error(`${event.type} carries no time`);
  return new Date(text).toISOString();
}

/** A customer's contact events as stored: revisions 0, 1, ... at global positions from `firstPosition`. */
export function recordedContacts(customerId: string, events: readonly ContactEvent[], firstPosition = 1): RecordedEvent[] {
  return events.map((event, revision) => {
    const occurredAt = businessTimeOf(event);
    const [envelope] = envelopes(streamIdFor('contact', customerId), [event], { causationId: `cause-${revision}`, correlationId: 'projection-spec', occurredAt, actor: { kind: 'service', id: 'feedback' } });
    return { ...envelope!, revision, globalPosition: String(firstPosition + revision), recordedAt: occurredAt };
  });
}
