import type { EventData, RecordedEvent } from '@ctp/contracts';
import { projectedDocuments, projectEvents } from '@ctp/projections';
import { mongoUrl, projectionSpecification, uniqueName } from '@ctp/test-kit';
import { MongoClient } from 'mongodb';
import { afterAll, describe, it } from 'vitest';
import { recorded } from '../test-support/recorded-events.js';
import { targetProjection } from './target-projection.js';

const client = new MongoClient(mongoUrl());
afterAll(async () => {
  await client.close();
});

const document: EventData<'TargetVersionPublished'>['target'] = {
  metric: 'complaint_rate', scope: {}, baseline: { from: '2025-06', to: '2026-05' }, targetChange: -0.2,
  direction: 'decrease', deadline: '2027-05-31', description: 'Complaint rate -20 %', owner: 'service-quality',
};
const version = (number: number, position: number, at: string) =>
  recorded('target-plan-complaint-rate', { type: 'TargetVersionPublished', data: { id: 'plan-complaint-rate', version: number, target: { ...document, description: `v${number}` } } }, at, position);

describe('the targets read model', () => {
  it('keeps one document per target: its latest version, when it was published, and the events behind it', async () => {
    const db = client.db(uniqueName('analytics_target_projection'));
    const spec = projectionSpecification<RecordedEvent>({ project: (events) => projectEvents(db, targetProjection, events), documents: () => projectedDocuments(db, targetProjection) });
    await spec.given(version(1, 7, '2026-06-01T02:00:00Z'), version(2, 9, '2026-06-05T02:00:00Z')).then({
      targetDocuments: [{
        _id: 'plan-complaint-rate', version: 2, target: { metric: 'complaint_rate', description: 'v2' }, publishedAt: new Date('2026-06-05T02:00:00Z'), position: '9',
        trace: [{ position: '7', type: 'TargetVersionPublished' }, { position: '9', type: 'TargetVersionPublished' }],
      }],
    });
  });
});
