import { decoderFor, type EventData, type RecordedEvent } from '@ctp/contracts';
import { defineProjection, guardedUpsert, type ProjectionWrite } from '@ctp/projections';
import type { TraceEvent } from '../metrics/drill.js';

/**
 * `improvementActionFacts`: one document per improvement action (feedback's `improvement` streams): what it
 * is and every status it moved to, with when, so the report can say where it stood at a month's end.
 */
export const improvementProjection = defineProjection({
  name: 'analytics-improvements',
  version: 1,
  categories: ['improvement'],
  collections: { improvementActionFacts: { indexes: [] } },
  handle: (events) => events.flatMap(writesFor),
});

type Created = EventData<'ImprovementActionCreated'>;

export interface ImprovementActionFact {
  readonly _id: string;
  readonly title?: string;
  readonly owner?: string;
  readonly scope?: Created['scope'];
  readonly startsOn?: string;
  readonly dueDate?: string;
  readonly createdAt?: Date;
  readonly statuses?: readonly { readonly to: string; readonly at: Date }[];
  readonly trace: readonly TraceEvent[];
}

const improvementEvent = decoderFor('improvement');

function writesFor(raw: RecordedEvent): ProjectionWrite<'improvementActionFacts'>[] {
  const event = improvementEvent(raw);
  const trace: TraceEvent = { position: raw.globalPosition, type: raw.type };
  switch (event.type) {
    case 'ImprovementActionCreated': {
      const { actionId, title, owner, scope, startsOn, dueDate, createdAt } = event.data;
      return [guardedUpsert('improvementActionFacts', actionId, raw.globalPosition, { $set: { title, owner, scope, startsOn, dueDate, createdAt: new Date(createdAt) }, $push: { trace } })];
    }
    case 'ImprovementActionStatusChanged':
      return [guardedUpsert('improvementActionFacts', event.data.actionId, raw.globalPosition, { $push: { trace, statuses: { to: event.data.to, at: new Date(event.data.changedAt) } } })];
    default:
      return [];
  }
}
