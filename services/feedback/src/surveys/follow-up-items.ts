import type { FollowUpItem } from '../domain/surveys/follow-up-lists.js';
import type { FollowUpDocument } from './follow-up-projection.js';

export const followUpItemOf = ({ _id, invitationId, customerId, caseId, owner, reasons, status, openedAt, dueAt, doneAt, late }: FollowUpDocument): FollowUpItem => ({
  followUpId: _id, invitationId, customerId, caseId, owner: { kind: owner.kind, id: owner.id }, reasons: [...reasons], status, openedAt: openedAt.toISOString(), dueAt: dueAt.toISOString(), doneAt: doneAt?.toISOString() ?? null, late,
});
