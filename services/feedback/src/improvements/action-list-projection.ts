import { categoryOf, decoderFor, type ImprovementStatus } from '@ctp/contracts';
import { defineProjection, guardedUpsert, type ProjectionWrite } from '@ctp/projections';

const improvementEvent = decoderFor('improvement');

/** An `actions` document: one improvement action as its events have it (no personal data). */
export interface ActionDocument {
  readonly _id: string;
  readonly title: string;
  readonly owner: string;
  readonly scope: { readonly causes: readonly string[]; readonly channels: readonly string[]; readonly tiers: readonly string[]; readonly teams: readonly string[] };
  readonly startsOn: string;
  /** The due date, a business date (YYYY-MM-DD): open after it, the action is overdue. */
  readonly dueDate: string;
  readonly status: ImprovementStatus;
  readonly createdAt: Date;
  readonly statusChangedAt: Date | null;
  /** When the overdue timer escalated it (ImprovementActionOverdue), else null. */
  readonly escalatedAt: Date | null;
}

/** `actions`: the improvement actions for a list by status, owner and overdue, paged by id. */
export const improvementActionListProjection = defineProjection({
  name: 'feedback-improvement-actions',
  version: 1,
  categories: ['improvement'],
  collections: { actions: { indexes: [{ key: { status: 1, _id: 1 } }, { key: { owner: 1, _id: 1 } }, { key: { dueDate: 1 } }] } },
  handle: (events) =>
    events.flatMap((raw): ProjectionWrite<'actions'>[] => {
      if (categoryOf(raw.streamId) !== 'improvement') return [];
      const event = improvementEvent(raw);
      switch (event.type) {
        case 'ImprovementActionCreated': {
          const { actionId, title, owner, scope, startsOn, dueDate, createdAt } = event.data;
          return [guardedUpsert('actions', actionId, raw.globalPosition, { $set: { title, owner, scope, startsOn, dueDate, status: 'planned', createdAt: new Date(createdAt), statusChangedAt: null, escalatedAt: null } })];
        }
        case 'ImprovementActionStatusChanged':
          return [guardedUpsert('actions', event.data.actionId, raw.globalPosition, { $set: { status: event.data.to, statusChangedAt: new Date(event.data.changedAt) } })];
        case 'ImprovementActionOverdue':
          return [guardedUpsert('actions', event.data.actionId, raw.globalPosition, { $set: { escalatedAt: new Date(event.data.escalatedAt) } })];
        default: {
          const unexpected: never = event;
          throw new Error(`unknown improvement event ${JSON.stringify(unexpected)}`);
        }
      }
    }),
});
