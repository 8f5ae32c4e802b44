import { streamIdFor, type DomainEvent, type RecordedEvent } from '@ctp/contracts';
import { projectedDocuments, projectEvents, type ProjectionDefinition } from '@ctp/projections';
import { mongoUrl, projectionSpecification, uniqueName } from '@ctp/test-kit';
import { MongoClient } from 'mongodb';
import { afterAll, describe, it } from 'vitest';
import { recordedOn } from '../complaints/test-support/recorded-events.js';
import { invitation, invited } from '../domain/surveys/test-support/surveys.js';
import { followUpProjection } from './follow-up-projection.js';
import { surveyPopulationProjection } from './population-projection.js';
import { surveyScoreProjection } from './score-projection.js';

const client = new MongoClient(mongoUrl());
afterAll(async () => {
  await client.close();
});

function spec(projection: ProjectionDefinition<string>) {
  const db = client.db(uniqueName('feedback_survey_projections'));
  return projectionSpecification<RecordedEvent>({ project: (events) => projectEvents(db, projection, events), documents: () => projectedDocuments(db, projection) });
}

const answered = (invitationId: string, scores: { csat?: number; nps?: number; ces?: number; dimensions?: Record<string, number> }): DomainEvent => ({
  type: 'SurveyAnswered',
  data: { invitationId, customerId: 'C-1001', kind: 'transactional', tier: 'gold', channel: 'phone', invitedAt: '2026-03-04T18:00:00.000Z', answeredAt: '2026-03-06T02:00:00.000Z', csat: scores.csat ?? null, nps: scores.nps ?? null, ces: scores.ces ?? null, dimensions: scores.dimensions ?? {}, npsWhy: null, comment: 'secret words' },
});

describe('the survey scores read model', () => {
  it('counts invitations and answers in the business day of the invitation (Asia/Shanghai), per kind, tier and channel', async () => {
    const lateEvening = invited('2026-03-04T18:00:00.000Z', '2026-04-01T18:00:00.000Z');
    const other = { type: 'SurveyInvited', data: { ...invitation, invitationId: 'S-2', invitedAt: '2026-03-04T18:30:00.000Z', expiresAt: '2026-04-01T18:30:00.000Z' } } as const;
    await spec(surveyScoreProjection('Asia/Shanghai'))
      .given(
        ...recordedOn(streamIdFor('survey', 'S-1'), [lateEvening, answered('S-1', { csat: 5, ces: 6, dimensions: { attitude: 80 } })], '2026-03-06T02:00:00Z', 1),
        ...recordedOn(streamIdFor('survey', 'S-2'), [other, answered('S-2', { csat: 2, nps: 6, dimensions: { attitude: 40 } })], '2026-03-06T03:00:00Z', 10),
      )
      .then({
        segments: [
          {
            _id: '2026-03-05|transactional|gold|phone', day: '2026-03-05', kind: 'transactional', tier: 'gold', channel: 'phone',
            invited: 2, responded: 2, csatN: 2, csatTop: 1, npsN: 1, promoters: 0, detractors: 1, cesN: 1, cesSum: 6, dimensions: { attitude: { n: 2, sum: 120 } },
          },
        ],
      });
  });
});

describe('the survey invitations (scores read model)', () => {
  it('keeps each invitation in its segment: invited, answered, or expired by its timer', async () => {
    const first = invited('2026-03-04T18:00:00.000Z', '2026-04-01T18:00:00.000Z');
    const second = { type: 'SurveyInvited', data: { ...invitation, invitationId: 'S-2', invitedAt: '2026-03-04T18:30:00.000Z', expiresAt: '2026-04-01T18:30:00.000Z' } } as const;
    const expired: DomainEvent = { type: 'SurveyExpired', data: { invitationId: 'S-2', customerId: 'C-1001', kind: 'transactional', invitedAt: '2026-03-04T18:30:00.000Z', expiredAt: '2026-04-01T18:30:00.000Z' } };
    const segment = { day: '2026-03-05', kind: 'transactional', tier: 'gold', channel: 'phone', caseId: 'K-1', sampleId: null };
    await spec(surveyScoreProjection('Asia/Shanghai'))
      .given(
        ...recordedOn(streamIdFor('survey', 'S-1'), [first, answered('S-1', { csat: 5 })], '2026-03-06T02:00:00Z', 1),
        ...recordedOn(streamIdFor('survey', 'S-2'), [second, expired], '2026-04-01T18:30:00Z', 10),
      )
      .then({
        invitations: [
          { _id: 'S-1', ...segment, status: 'answered', invitedAt: new Date('2026-03-04T18:00:00.000Z'), expiresAt: new Date('2026-04-01T18:00:00.000Z'), answeredAt: new Date('2026-03-06T02:00:00.000Z'), expiredAt: null },
          { _id: 'S-2', ...segment, status: 'expired', invitedAt: new Date('2026-03-04T18:30:00.000Z'), expiresAt: new Date('2026-04-01T18:30:00.000Z'), answeredAt: null, expiredAt: new Date('2026-04-01T18:30:00.000Z') },
        ],
        segments: [{ _id: '2026-03-05|transactional|gold|phone', invited: 2, responded: 1 }],
      });
  });
});

describe('the survey population read model', () => {
  it('keeps each customer’s last purchase and whether they are gone', async () => {
    const purchase = (orderId: string): DomainEvent => ({ type: 'PurchaseRecorded', data: { customerId: 'C-1', orderId, amount: '10.00', currency: 'CNY', margin: '2.00', lines: [{ sku: 'SKU-1', quantity: 1, unitPrice: '10.00', amount: '10.00' }], channel: 'online' } });
    await spec(surveyPopulationProjection)
      .given(
        ...recordedOn(streamIdFor('customer', 'C-1'), [purchase('SO-2')], '2026-02-01T00:00:00Z', 1),
        ...recordedOn(streamIdFor('customer', 'C-1'), [purchase('SO-1')], '2026-01-01T00:00:00Z', 2).map((event) => ({ ...event, revision: 1 })),
        ...recordedOn(streamIdFor('customer', 'C-2'), [{ type: 'CustomerErasureRequested', data: { customerId: 'C-2', requestId: 'ER-1', requestedVia: 'email' } }], '2026-02-02T00:00:00Z', 3),
      )
      .then({ surveyPopulation: [{ _id: 'C-1', lastPurchaseAt: new Date('2026-02-01T00:00:00Z') }, { _id: 'C-2', gone: true }] });
  });
});

describe('the follow-ups read model', () => {
  it('keeps each follow-up’s owner, deadline and status: open, overdue, then done late', async () => {
    const owner = { kind: 'agent', id: 'agent-7' } as const;
    const followUp = { invitationId: 'S-1', customerId: 'C-1001', followUpId: 'S-1' };
    await spec(followUpProjection)
      .given(
        ...recordedOn(
          streamIdFor('survey', 'S-1'),
          [
            invited(),
            answered('S-1', { csat: 1 }),
            { type: 'FollowUpOpened', data: { ...followUp, caseId: 'K-1', owner, ownerSource: 'case_assignee', reasons: ['csat'], openedAt: '2026-03-06T02:00:00.000Z', dueAt: '2026-03-06T02:15:00.000Z', deadlineSource: 'sla_policy' } },
            { type: 'FollowUpOverdue', data: { ...followUp, dueAt: '2026-03-06T02:15:00.000Z', owner } },
            { type: 'FollowUpDone', data: { ...followUp, doneAt: '2026-03-06T03:00:00.000Z', by: 'key-agent-7', late: true } },
          ],
          '2026-03-06T03:00:00Z',
          1,
        ),
      )
      .then({ followUps: [{ _id: 'S-1', caseId: 'K-1', owner, ownerId: 'agent-7', reasons: ['csat'], status: 'done', dueAt: new Date('2026-03-06T02:15:00.000Z'), doneAt: new Date('2026-03-06T03:00:00.000Z'), late: true }] });
  });
});
