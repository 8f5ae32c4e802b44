import { decoderFor } from '@ctp/contracts';
import { defineProjection, guardedUpsert, type ProjectionWrite } from '@ctp/projections';

const surveyEvent = decoderFor('survey');

/** A `followUps` document: one follow-up of a poor answer, where it stands and who has it (no personal data). */
export interface FollowUpDocument {
  readonly _id: string;
  readonly invitationId: string;
  readonly customerId: string;
  readonly caseId: string | null;
  readonly owner: { readonly kind: 'agent' | 'team'; readonly id: string };
  /** `owner.id` again, top-level: FerretDB 1.24 hands a top-level equality to PostgreSQL, never a dotted path. */
  readonly ownerId: string;
  readonly reasons: readonly string[];
  readonly status: 'open' | 'overdue' | 'done';
  readonly openedAt: Date;
  readonly dueAt: Date;
  readonly doneAt: Date | null;
  readonly late: boolean;
}

/** `followUps`: the follow-ups of poor answers, for an owner's list and the overdue ones, like an SLA queue. Version 2 adds `ownerId`. */
export const followUpProjection = defineProjection({
  name: 'feedback-follow-ups',
  version: 2,
  categories: ['survey'],
  collections: { followUps: { indexes: [{ key: { ownerId: 1, status: 1, dueAt: 1 } }, { key: { status: 1, dueAt: 1 } }] } },
  handle: (events) =>
    events.flatMap((raw): ProjectionWrite<'followUps'>[] => {
      if (!raw.type.startsWith('FollowUp')) return [];
      const event = surveyEvent(raw);
      switch (event.type) {
        case 'FollowUpOpened': {
          const { followUpId, invitationId, customerId, caseId, owner, reasons, openedAt, dueAt } = event.data;
          return [guardedUpsert('followUps', followUpId, raw.globalPosition, { $set: { invitationId, customerId, caseId, owner, ownerId: owner.id, reasons, status: 'open', openedAt: new Date(openedAt), dueAt: new Date(dueAt), doneAt: null, late: false } })];
        }
        case 'FollowUpOverdue':
          return [guardedUpsert('followUps', event.data.followUpId, raw.globalPosition, { $set: { status: 'overdue', late: true } })];
        case 'FollowUpDone':
          return [guardedUpsert('followUps', event.data.followUpId, raw.globalPosition, { $set: { status: 'done', doneAt: new Date(event.data.doneAt), late: event.data.late } })];
        default:
          return [];
      }
    }),
});
