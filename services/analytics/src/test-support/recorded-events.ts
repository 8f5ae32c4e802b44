import type { DomainEvent, RecordedEvent } from '@ctp/contracts';
import { envelopes } from '@ctp/event-store';

/** Events as stored on one stream at `at`: revisions 0, 1, ... at global positions `firstPosition`, `firstPosition + 1`, ... */
export function recordedOn(streamId: string, events: readonly DomainEvent[], at: string, firstPosition: number): RecordedEvent[] {
  const occurredAt = new Date(at).toISOString();
  return events.map((event, revision) => {
    const [envelope] = envelopes(streamId, [event], { causationId: `cause-${firstPosition + revision}`, correlationId: 'analytics-spec', occurredAt, actor: { kind: 'service', id: 'test' } });
    return { ...envelope!, revision, globalPosition: String(firstPosition + revision), recordedAt: occurredAt };
  });
}

/** One event as stored on `streamId` at `at`, at global position `position`. */
export function recorded(streamId: string, event: DomainEvent, at: string, position: number): RecordedEvent {
  return recordedOn(streamId, [event], at, position)[0]!;
}
