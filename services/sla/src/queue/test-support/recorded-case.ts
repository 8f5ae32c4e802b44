import { streamIdFor, type CaseEvent, type RecordedEvent } from '@ctp/contracts';
import { envelopes } from '@ctp/event-store';
import { caseId as defaultCaseId } from '../../domain/test-support/cases.js';

const timeFields = ['at', 'openedAt', 'changedAt', 'repliedAt', 'receivedAt', 'addedAt', 'reassignedAt', 'escalatedAt', 'mergedAt'] as const;

/** When the event happened, as its own data says. */
export function businessTimeOf(event: CaseEvent): string {
  const data = event.data as Partial<Record<(typeof timeFields)[number], string>>;
  const text = timeFields.map((field) => data[field]).find((value) => value !== undefined);
  if (text === undefined) throw new Error(`${event.type} carries no time`);
  return new Date(text).toISOString();
}

/** A case's events as stored: revisions 0, 1, ... at global positions `firstPosition`, `firstPosition + 1`, ... */
export function recordedCase(events: readonly CaseEvent[], caseId = defaultCaseId, firstPosition = 1): RecordedEvent[] {
  return events.map((event, revision) => {
    const occurredAt = businessTimeOf(event);
    const [envelope] = envelopes(streamIdFor('case', caseId), [event], { causationId: `cause-${revision}`, correlationId: 'projection-spec', occurredAt, actor: { kind: 'service', id: 'sla' } });
    return { ...envelope!, revision, globalPosition: String(firstPosition + revision), recordedAt: occurredAt };
  });
}
