import { streamIdFor, type SurveyEvent } from '@ctp/contracts';
import { envelopes } from '@ctp/event-store';

const hour = 3_600_000;
const start = Date.parse('2026-03-02T01:00:00.000Z');
const iso = (instant: number) => new Date(instant).toISOString();

/** Follow-up `index` (invitation F-<index>): owners agent-0..2 and team-9, due within 12 hours of each other (some at the same instant). */
function opened(index: number) {
  const invitationId = `F-${String(index).padStart(3, '0')}`;
  const owner = index % 4 === 3 ? { kind: 'team' as const, id: 'team-9' } : { kind: 'agent' as const, id: `agent-${index % 4}` };
  const identity = { invitationId, customerId: `C-${index}`, followUpId: invitationId };
  const dueAt = iso(start + ((index * 7) % 12) * hour);
  return { identity, owner, dueAt };
}

/** A step of follow-up `index`'s life, as the survey decider would record it. */
export function followUpStep(index: number, step: 'open' | 'overdue' | 'done'): SurveyEvent {
  const { identity, owner, dueAt } = opened(index);
  switch (step) {
    case 'open':
      return { type: 'FollowUpOpened', data: { ...identity, caseId: `K-${index}`, owner, ownerSource: 'case_assignee', reasons: ['csat'], openedAt: iso(start - hour), dueAt, deadlineSource: 'sla_policy' } };
    case 'overdue':
      return { type: 'FollowUpOverdue', data: { ...identity, dueAt, owner } };
    case 'done':
      return { type: 'FollowUpDone', data: { ...identity, doneAt: iso(Date.parse(dueAt) + (index % 2) * hour), by: owner.id, late: index % 2 === 1 } };
  }
}

/** Appends for the store: each follow-up's step on its invitation stream. */
export function followUpAppends(indexes: readonly number[], step: 'open' | 'overdue' | 'done') {
  return indexes.map((index) => {
    const event = followUpStep(index, step);
    const streamId = streamIdFor('survey', opened(index).identity.invitationId);
    return { streamId, expectedRevision: 'any' as const, events: envelopes(streamId, [event], { causationId: `${step}-${index}`, correlationId: 'follow-up-lists', occurredAt: iso(start), actor: { kind: 'service', id: 'feedback' } }) };
  });
}
