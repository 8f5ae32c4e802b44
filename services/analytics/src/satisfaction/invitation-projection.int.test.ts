import type { RecordedEvent } from '@ctp/contracts';
import { projectedDocuments, projectEvents } from '@ctp/projections';
import { mongoUrl, projectionSpecification, uniqueName } from '@ctp/test-kit';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { invitationProjection } from './invitation-projection.js';
import { expiredSurvey, skippedSurvey, surveyStream } from './test-support/survey-events.js';

const client = new MongoClient(mongoUrl());

function spec() {
  const db = client.db(uniqueName('analytics_satisfaction_projection'));
  return projectionSpecification<RecordedEvent>({
    project: (events) => projectEvents(db, invitationProjection, events),
    documents: () => projectedDocuments(db, invitationProjection),
  });
}

describe('the satisfaction read model', () => {
  afterAll(async () => {
    await client.close();
  });

  it('keeps one document per invitation with its segment and scores, never the free text, and the events behind it', async () => {
    const invitedAt = '2026-03-04T10:00:00+08:00';
    const answeredAt = '2026-03-05T09:00:00+08:00';
    const documents = await spec()
      .given(
        ...surveyStream({ id: 'I-1', invitedAt, tier: 'gold', channel: 'phone' }, 10, { csat: 4, nps: 9, ces: 5, dimensions: { speed: 70 }, answeredAt }),
        ...surveyStream({ id: 'I-2', invitedAt, tier: null, channel: null, kind: 'relationship' }, 20),
        ...skippedSurvey('I-3', invitedAt, 30),
        ...expiredSurvey({ id: 'I-4', invitedAt, tier: 'silver', channel: 'email' }, 40, '2026-04-01T10:00:00+08:00'),
      )
      .then({
        invitationFacts: [
          {
            _id: 'I-1', status: 'answered', customerId: 'C-I-1', kind: 'transactional', tier: 'gold', channel: 'phone', caseId: 'K-I-1', sampleId: null,
            invitedAt: new Date(invitedAt), answeredAt: new Date(answeredAt), csat: 4, nps: 9, ces: 5, dimensions: { speed: 70 },
            trace: [{ position: '10', type: 'SurveyInvited' }, { position: '11', type: 'SurveyAnswered' }],
          },
          { _id: 'I-2', status: 'invited', kind: 'relationship', tier: null, channel: null, caseId: null, sampleId: 'S-1', answeredAt: null, csat: null, trace: [{ position: '20', type: 'SurveyInvited' }] },
          { _id: 'I-3', status: 'skipped', caseId: 'K-I-3', invitedAt: null, trace: [{ position: '30', type: 'SurveySkipped' }] },
          { _id: 'I-4', status: 'expired', tier: 'silver', invitedAt: new Date(invitedAt), expiredAt: new Date('2026-04-01T10:00:00+08:00'), answeredAt: null, trace: [{ position: '40', type: 'SurveyInvited' }, { position: '41', type: 'SurveyExpired' }] },
        ],
      });
    expect(JSON.stringify(documents)).not.toMatch(/npsWhy|comment|Wang|138/);
  });
});
