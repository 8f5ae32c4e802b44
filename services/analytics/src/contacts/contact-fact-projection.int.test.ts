import type { RecordedEvent } from '@ctp/contracts';
import { projectedDocuments, projectEvents } from '@ctp/projections';
import { mongoUrl, projectionSpecification, uniqueName } from '@ctp/test-kit';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { recorded } from '../test-support/recorded-events.js';
import { contactFactProjection } from './contact-fact-projection.js';
import { contactEvents, winBackRequested } from './test-support/contact-events.js';

const client = new MongoClient(mongoUrl());

function spec() {
  const db = client.db(uniqueName('analytics_contact_projection'));
  return projectionSpecification<RecordedEvent>({
    project: (events) => projectEvents(db, contactFactProjection, events),
    documents: () => projectedDocuments(db, contactFactProjection),
  });
}

const due = '2026-03-10T02:00:00.000Z';
const later = '2026-04-10T02:00:00.000Z';

describe('the contacts read model', () => {
  afterAll(async () => {
    await client.close();
  });

  it('keeps one document per obligation with when it was due, fulfilled, cancelled and overdue, and one per win-back task; never the note', async () => {
    const events = contactEvents('C-1');
    const request = recorded('churn-C-1', winBackRequested('C-1', 1, '2026-03-01T18:00:00.000Z'), '2026-03-01T18:00:00.000Z', 5);
    const documents = await spec()
      .given(
        request,
        recorded('contact-C-1', events.planned([{ id: 'C-1:1', dueAt: due }, { id: 'C-1:2', dueAt: later }], '2026-03-01T00:00:00.000Z'), '2026-03-01T00:00:00Z', 10),
        recorded('contact-C-1', events.planned([{ id: 'C-1:3', dueAt: due, kind: 'callback' }], '2026-03-02T00:00:00.000Z', { eventId: request.id, position: '5' }), '2026-03-02T00:00:00Z', 11),
        recorded('contact-C-1', events.notReached('C-1:1', due, '2026-03-09T00:00:00.000Z'), '2026-03-09T00:00:00Z', 12),
        recorded('contact-C-1', events.fellDue('C-1:1', due), due, 13),
        recorded('contact-C-1', events.overdue('C-1:1', due, '2026-03-24T02:00:00.000Z'), '2026-03-24T02:00:00Z', 14),
        recorded('contact-C-1', events.fulfilled('C-1:1', due, '2026-03-25T00:00:00.000Z'), '2026-03-25T00:00:00Z', 15),
        recorded('contact-C-1', events.cancelled(['C-1:2'], '2026-03-20T00:00:00.000Z'), '2026-03-20T00:00:00Z', 16),
      )
      .then({
        contactFacts: [
          {
            _id: 'C-1:1', customerId: 'C-1', reason: 'dissatisfaction', kind: 'visit', dueAt: new Date(due), plannedAt: new Date('2026-03-01T00:00:00Z'),
            fellDueAt: new Date(due), overdueAt: new Date('2026-03-24T02:00:00Z'), fulfilledAt: new Date('2026-03-25T00:00:00Z'),
            trace: [{ position: '10', type: 'ContactObligationsPlanned' }, { position: '13', type: 'ContactObligationFellDue' }, { position: '14', type: 'ContactObligationOverdue' }, { position: '15', type: 'ContactOutcomeRecorded' }],
          },
          { _id: 'C-1:2', dueAt: new Date(later), cancelledAt: new Date('2026-03-20T00:00:00Z'), trace: [{ position: '10', type: 'ContactObligationsPlanned' }, { position: '16', type: 'ContactObligationsCancelled' }] },
          { _id: 'C-1:3', reason: 'win_back', kind: 'callback', winBackEventId: request.id, trace: [{ position: '11', type: 'ContactObligationsPlanned' }] },
        ],
        winBackTasks: [{ _id: request.id, customerId: 'C-1', crossing: 1, tier: 'key', score: 0.42, asOf: '2026-03-01', topFactors: [{ factor: 'recencyDrift', contribution: 0.28 }], causes: ['7'], trace: [{ position: '5', type: 'WinBackRequested' }] }],
      });
    expect(JSON.stringify(documents)).not.toMatch(/visited/);
  });
});
