import { eventsLink } from '../metrics/drill.js';
import type { InvitationDocument } from '../satisfaction/invitation-projection.js';

/** The customer's survey invitations with their status and scores (a skipped survey listed as skipped). */
export function surveySection(invitations: readonly InvitationDocument[]) {
  const items = [...invitations]
    .sort((a, b) => (a.invitedAt?.getTime() ?? 0) - (b.invitedAt?.getTime() ?? 0) || (a._id < b._id ? -1 : 1))
    .map((invitation) => ({
      invitationId: invitation._id,
      kind: invitation.kind ?? null,
      status: invitation.status,
      caseId: invitation.caseId ?? null,
      invitedAt: invitation.invitedAt?.toISOString() ?? null,
      answeredAt: invitation.answeredAt?.toISOString() ?? null,
      csat: invitation.csat ?? null,
      nps: invitation.nps ?? null,
      ces: invitation.ces ?? null,
      dimensions: invitation.dimensions ?? {},
      events: eventsLink(invitation.trace),
    }));
  const count = (status: string) => items.filter((item) => item.status === status).length;
  return { count: items.length, answered: count('answered'), invited: count('invited'), expired: count('expired'), skipped: count('skipped'), items };
}
