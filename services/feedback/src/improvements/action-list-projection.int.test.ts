import { streamIdFor, type DomainEvent, type RecordedEvent } from '@ctp/contracts';
import { projectedDocuments, projectEvents } from '@ctp/projections';
import { mongoUrl, projectionSpecification, uniqueName } from '@ctp/test-kit';
import { MongoClient } from 'mongodb';
import { afterAll, describe, it } from 'vitest';
import { recordedOn } from '../complaints/test-support/recorded-events.js';
import { improvementActionListProjection } from './action-list-projection.js';

const client = new MongoClient(mongoUrl());
afterAll(async () => {
  await client.close();
});

const spec = () => {
  const db = client.db(uniqueName('feedback_action_list'));
  return projectionSpecification<RecordedEvent>({ project: (events) => projectEvents(db, improvementActionListProjection, events), documents: () => projectedDocuments(db, improvementActionListProjection) });
};

const scope = { causes: ['process'], channels: ['phone' as const], tiers: [], teams: [] };
const created = (actionId: string, dueDate: string): DomainEvent => ({
  type: 'ImprovementActionCreated',
  data: { actionId, title: 'One-form returns', owner: 'lead-returns', scope, startsOn: '2026-05-16', dueDate, createdAt: '2026-05-15T02:00:00.000Z', by: 'admin-1' },
});

describe('the improvement actions read model', () => {
  it('keeps each action’s title, owner, scope, dates and status, and when its overdue timer escalated it', async () => {
    await spec()
      .given(
        ...recordedOn(
          streamIdFor('improvement', 'A-1'),
          [
            created('A-1', '2026-05-31'),
            { type: 'ImprovementActionStatusChanged', data: { actionId: 'A-1', from: 'planned', to: 'in_progress', changedAt: '2026-05-20T02:00:00.000Z', by: 'lead-returns' } },
            { type: 'ImprovementActionOverdue', data: { actionId: 'A-1', owner: 'lead-returns', dueDate: '2026-05-31', status: 'in_progress', escalatedAt: '2026-05-31T16:00:00.000Z' } },
          ],
          '2026-06-01T00:00:00Z',
          1,
        ),
        ...recordedOn(
          streamIdFor('improvement', 'A-2'),
          [created('A-2', '2026-07-31'), { type: 'ImprovementActionStatusChanged', data: { actionId: 'A-2', from: 'planned', to: 'cancelled', changedAt: '2026-05-21T02:00:00.000Z', by: 'admin-1', note: 'merged into A-1' } }],
          '2026-05-21T02:00:00Z',
          10,
        ),
        ...recordedOn(streamIdFor('improvement', 'A-3'), [created('A-3', '2026-07-31')], '2026-05-15T02:00:00Z', 20),
      )
      .then({
        actions: [
          { _id: 'A-1', title: 'One-form returns', owner: 'lead-returns', scope, startsOn: '2026-05-16', dueDate: '2026-05-31', status: 'in_progress', createdAt: new Date('2026-05-15T02:00:00.000Z'), statusChangedAt: new Date('2026-05-20T02:00:00.000Z'), escalatedAt: new Date('2026-05-31T16:00:00.000Z') },
          { _id: 'A-2', dueDate: '2026-07-31', status: 'cancelled', statusChangedAt: new Date('2026-05-21T02:00:00.000Z'), escalatedAt: null },
          { _id: 'A-3', status: 'planned', statusChangedAt: null, escalatedAt: null },
        ],
      });
  });
});
