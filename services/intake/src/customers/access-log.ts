import { buildEvent, streamIdFor, type AccessPurpose, type Actor } from '@ctp/contracts';
import type { EventStore } from '@ctp/event-store';
import { randomUUID } from 'node:crypto';

export interface AccessRecord {
  readonly customerId: string;
  readonly accessedBy: Actor;
  readonly purpose: AccessPurpose;
  readonly view: string;
  readonly fieldsRevealed: readonly string[];
  readonly justification?: string;
  readonly correlationId: string;
  readonly traceparent: string | null;
}

/** Records that personal data was shown, on the customer's audit stream; nothing to record when nothing was revealed. */
export async function recordAccess(store: EventStore, record: AccessRecord, now: Date): Promise<void> {
  const fieldsRevealed = [...new Set(record.fieldsRevealed)];
  if (fieldsRevealed.length === 0) return;
  const streamId = streamIdFor('audit', record.customerId);
  const event = buildEvent(
    'PersonalDataAccessed',
    {
      customerId: record.customerId,
      accessedBy: record.accessedBy,
      purpose: record.purpose,
      view: record.view,
      fieldsRevealed,
      ...(record.justification ? { justification: record.justification } : {}),
    },
    { id: randomUUID(), streamId, occurredAt: now.toISOString(), correlationId: record.correlationId, causationId: null, actor: record.accessedBy, traceparent: record.traceparent },
  );
  await store.append(streamId, [event], { expectedRevision: 'any' });
}
