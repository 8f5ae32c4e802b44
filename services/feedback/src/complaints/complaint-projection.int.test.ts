import type { RecordedEvent } from '@ctp/contracts';
import { projectedDocuments, projectEvents } from '@ctp/projections';
import { mongoUrl, projectionSpecification, uniqueName } from '@ctp/test-kit';
import { MongoClient } from 'mongodb';
import { afterAll, describe, it } from 'vitest';
import { complaintProjection } from './complaint-projection.js';
import { recordedOn } from './test-support/recorded-events.js';

const client = new MongoClient(mongoUrl());

function spec() {
  const db = client.db(uniqueName('feedback_complaint_projection'));
  return projectionSpecification<RecordedEvent>({
    project: (events) => projectEvents(db, complaintProjection, events),
    documents: () => projectedDocuments(db, complaintProjection),
  });
}

const customerId = 'C-1001';
const opened = '2026-03-04T14:00:00+08:00';

describe('the complaints read model', () => {
  afterAll(async () => {
    await client.close();
  });

  it('keeps one document per complaint: customer, channel, tier, team, the latest causes and the repeat flags', async () => {
    const events = recordedOn(
      'complaint-K-2',
      [
        { type: 'ComplaintRecorded', data: { caseId: 'K-2', customerId, channel: 'phone', tier: 'standard', openedAt: opened } },
        { type: 'ComplaintTeamAssigned', data: { caseId: 'K-2', team: 'T-returns', assignedAt: opened } },
        { type: 'ComplaintCausesSet', data: { caseId: 'K-2', customerId, causes: ['process'], taxonomyVersion: 1, stage: 'handling', setAt: opened, by: 'agent-7' } },
        { type: 'ComplaintCausesSet', data: { caseId: 'K-2', customerId, causes: ['process', 'billing'], taxonomyVersion: 1, stage: 'resolution', setAt: opened, by: 'agent-7' } },
        { type: 'RepeatComplaintFlagged', data: { caseId: 'K-2', customerId, cause: 'process', earlierCaseId: 'K-1', earlierOpenedAt: '2026-02-01T10:00:00+08:00', windowDays: 90, flaggedAt: opened } },
        { type: 'RemedyApproved', data: { caseId: 'K-2', customerId, remedyId: 'R-1', approvedAt: opened, by: 'manager-1' } },
      ],
      opened,
      1,
    );
    await spec()
      .given(...events)
      .then({
        complaints: [{ _id: 'K-2', customerId, channel: 'phone', tier: 'standard', team: 'T-returns', openedAt: new Date(opened), causes: ['process', 'billing'], repeats: [{ cause: 'process', earlierCaseId: 'K-1' }] }],
      });
  });
});
