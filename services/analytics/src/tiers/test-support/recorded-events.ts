import type { DomainEvent, RecordedEvent } from '@ctp/contracts';
import { envelopes } from '@ctp/event-store';

/** One event as stored on `streamId` at instant `at`, at global position `position` (its revision the position: any increasing number will do). */
export function recorded(streamId: string, event: DomainEvent, at: string, position: number): RecordedEvent {
  const occurredAt = new Date(at).toISOString();
  const [envelope] = envelopes(streamId, [event], { causationId: `cause-${position}`, correlationId: 'analytics-spec', occurredAt, actor: { kind: 'service', id: 'test' } });
  return { ...envelope!, revision: position, globalPosition: String(position), recordedAt: occurredAt };
}
