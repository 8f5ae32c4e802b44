import type { RecordedEvent } from '@ctp/contracts';
import { projectedDocuments, projectEvents } from '@ctp/projections';
import { mongoUrl, projectionSpecification, uniqueName } from '@ctp/test-kit';
import { MongoClient } from 'mongodb';
import { afterAll, describe, it } from 'vitest';
import { improvementProjection } from './improvement-projection.js';
import { reportHistory } from './test-support/report-history.js';

const client = new MongoClient(mongoUrl());
afterAll(async () => {
  await client.close();
});

describe('the improvement actions read model', () => {
  it('keeps one document per action: what it is, each status it moved to and when, and the events behind it', async () => {
    const db = client.db(uniqueName('analytics_improvements'));
    const spec = projectionSpecification<RecordedEvent>({ project: (events) => projectEvents(db, improvementProjection, events), documents: () => projectedDocuments(db, improvementProjection) });
    const events = reportHistory().improvements.filter(({ streamId }) => streamId === 'improvement-A-1');
    await spec.given(...events).then({
      improvementActionFacts: [{
        _id: 'A-1', title: 'Friendlier hotline scripts', owner: 'T-service', scope: { causes: ['attitude'], channels: [], tiers: [], teams: [] }, startsOn: '2026-04-01', dueDate: '2026-06-30',
        createdAt: new Date('2026-03-20T02:00:00Z'),
        statuses: [{ to: 'in_progress', at: new Date('2026-04-02T02:00:00Z') }, { to: 'done', at: new Date('2026-05-10T02:00:00Z') }],
        trace: [{ position: '500', type: 'ImprovementActionCreated' }, { position: '501', type: 'ImprovementActionStatusChanged' }, { position: '502', type: 'ImprovementActionStatusChanged' }],
      }],
    });
  });
});
