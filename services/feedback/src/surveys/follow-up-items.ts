import { z } from 'zod';
import type { FollowUpItem } from '../domain/surveys/follow-up-lists.js';
import type { FollowUpDocument } from './follow-up-projection.js';

/** A follow-up as `GET /v1/follow-ups` answers it (FollowUpItem). */
export const followUpItemSchema = z.object({
  followUpId: z.string(),
  invitationId: z.string(),
  customerId: z.string(),
  caseId: z.string().nullable(),
  owner: z.object({ kind: z.enum(['agent', 'team']), id: z.string() }),
  reasons: z.array(z.string()),
  status: z.enum(['open', 'overdue', 'done']),
  openedAt: z.string(),
  dueAt: z.string(),
  doneAt: z.string().nullable(),
  late: z.boolean(),
});

export const followUpItemOf = ({ _id, invitationId, customerId, caseId, owner, reasons, status, openedAt, dueAt, doneAt, late }: FollowUpDocument): FollowUpItem => ({
  followUpId: _id, invitationId, customerId, caseId, owner: { kind: owner.kind, id: owner.id }, reasons: [...reasons], status, openedAt: openedAt.toISOString(), dueAt: dueAt.toISOString(), doneAt: doneAt?.toISOString() ?? null, late,
});
