import type { CaseChannel, RecordedEvent } from '@ctp/contracts';
import { decideComplaint, type ComplaintCommand } from '../domain/complaints/decide-complaint.js';
import type { FeedbackDeps } from '../feedback-deps.js';
import { withComplaintStream } from './complaint-stream.js';

const feedbackActor = { kind: 'service', id: 'feedback' } as const;

/** What a case event means for its complaint stream, if anything (fields read as sla recorded them; the subject is not needed). */
function complaintCommandOf(event: RecordedEvent): Extract<ComplaintCommand, { caseId: string }> | null {
  const data = event.data as Record<string, unknown> & { caseId: string };
  if (event.type === 'CaseOpened' && data.type === 'complaint') {
    const tierAtStart = data.tierAtStart as { tier: string } | null;
    return { kind: 'record', caseId: data.caseId, customerId: data.customerId as string, channel: data.channel as CaseChannel, tier: tierAtStart?.tier ?? null, openedAt: data.openedAt as string };
  }
  const to = data.to as { kind?: string; id?: string } | undefined;
  if (event.type === 'CaseReassigned' && to?.kind === 'team') return { kind: 'assign_team', caseId: data.caseId, team: to.id!, at: data.reassignedAt as string };
  return null;
}

/**
 * sla's case events, as the feedback reactor receives them: a complaint opened records complaint-<caseId>
 * (customer, channel, tier at opening); a complaint handed to a team records the team. The case event's id
 * is the cause, so a redelivered event appends nothing; events of cases that are not complaints change nothing.
 */
export async function reactToComplaintCases(deps: Pick<FeedbackDeps, 'store'>, events: readonly RecordedEvent[]): Promise<void> {
  for (const event of events) {
    const command = complaintCommandOf(event);
    if (!command) continue;
    const context = { causationId: event.id, correlationId: event.correlationId, occurredAt: event.occurredAt, actor: feedbackActor, traceparent: event.traceparent };
    await withComplaintStream(deps, command.caseId, context, (state) => decideComplaint(command, state));
  }
}
