import type { RecordedEvent } from '@ctp/contracts';
import { projectedDocuments, projectEvents } from '@ctp/projections';
import { mongoUrl, projectionSpecification, uniqueName } from '@ctp/test-kit';
import { MongoClient } from 'mongodb';
import { afterAll, describe, it } from 'vitest';
import { complaintFactProjection } from './complaint-fact-projection.js';
import { calendarPublished, caseMoves, complaintStream, purchase } from './test-support/complaint-events.js';

const client = new MongoClient(mongoUrl());

function spec() {
  const db = client.db(uniqueName('analytics_complaint_projection'));
  return projectionSpecification<RecordedEvent>({
    project: (events) => projectEvents(db, complaintFactProjection, events),
    documents: () => projectedDocuments(db, complaintFactProjection),
  });
}

const opened = '2026-03-06T17:00:00+08:00';

describe('the complaints read model', () => {
  afterAll(async () => {
    await client.close();
  });

  it('keeps one document per complaint from its stream and, in lane case, its first resolution and closing; a case resolved before it is known as a complaint leaves a stub', async () => {
    await spec()
      .given(
        ...caseMoves('K-1', [['open', 'resolved', '2026-03-10T10:00:00+08:00'], ['resolved', 'reopened', '2026-03-11T10:00:00+08:00'], ['reopened', 'resolved', '2026-03-12T10:00:00+08:00'], ['resolved', 'closed', '2026-03-13T10:00:00+08:00']], 5),
        ...complaintStream({ caseId: 'K-1', openedAt: opened, tier: 'gold', team: 'T-1', causes: ['process', 'attitude'], repeatOf: 'K-0' }, 10),
        ...caseMoves('X-9', [['open', 'resolved', '2026-03-10T10:00:00+08:00']], 20),
      )
      .then({
        complaintFacts: [
          {
            _id: 'K-1', customerId: 'C-K-1', channel: 'phone', tier: 'gold', team: 'T-1', openedAt: new Date(opened), causes: ['process', 'attitude'], repeats: [{ cause: 'process', earlierCaseId: 'K-0' }],
            resolvedAt: new Date('2026-03-10T10:00:00+08:00'), closedAt: new Date('2026-03-13T10:00:00+08:00'),
            trace: [{ position: '10', type: 'ComplaintRecorded' }, { position: '11', type: 'ComplaintTeamAssigned' }, { position: '12', type: 'ComplaintCausesSet' }, { position: '13', type: 'RepeatComplaintFlagged' }],
            caseTrace: [{ position: '5', type: 'CaseStatusChanged' }, { position: '7', type: 'CaseStatusChanged' }, { position: '8', type: 'CaseStatusChanged' }],
          },
          { _id: 'X-9', resolvedAt: new Date('2026-03-10T10:00:00+08:00'), caseTrace: [{ position: '20', type: 'CaseStatusChanged' }] },
        ],
      });
  });

  it('keeps one activity document per customer and UTC month (first and last purchase) and every calendar version', async () => {
    await spec()
      .given(
        ...purchase('C-1', '2026-03-05T10:00:00Z', 1),
        ...purchase('C-1', '2026-03-02T08:00:00Z', 2),
        ...purchase('C-1', '2026-04-01T08:00:00Z', 3),
        ...calendarPublished(1, '2026-01-01T00:00:00+08:00', 4),
        ...calendarPublished(2, '2026-06-01T00:00:00+08:00', 5),
      )
      .then({
        purchaseMonths: [
          { _id: 'C-1:2026-03', customerId: 'C-1', first: new Date('2026-03-02T08:00:00Z'), last: new Date('2026-03-05T10:00:00Z'), trace: [{ position: '1', type: 'PurchaseRecorded' }, { position: '2', type: 'PurchaseRecorded' }] },
          { _id: 'C-1:2026-04', first: new Date('2026-04-01T08:00:00Z'), last: new Date('2026-04-01T08:00:00Z') },
        ],
        calendarVersions: [
          { _id: 'default:1', calendarId: 'default', version: 1, effectiveFrom: new Date('2026-01-01T00:00:00+08:00'), document: { id: 'default', timeZone: 'Asia/Shanghai' } },
          { _id: 'default:2', version: 2 },
        ],
        complaintFacts: [],
      });
  });
});
