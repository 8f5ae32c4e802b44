import type { ContactEvent, RecordedEvent } from '@ctp/contracts';
import { projectedDocuments, projectEvents } from '@ctp/projections';
import { mongoUrl, projectionSpecification, uniqueName } from '@ctp/test-kit';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { contactProjection } from './contact-projection.js';
import { knownCoverage } from './test-support/known-coverage.js';
import { recordedContacts } from './test-support/recorded-contacts.js';

const client = new MongoClient(mongoUrl());

function spec() {
  const db = client.db(uniqueName('feedback_contact_projection'));
  return projectionSpecification<RecordedEvent>({
    project: (events) => projectEvents(db, contactProjection, events),
    documents: () => projectedDocuments(db, contactProjection),
  });
}

describe('the contacts read model', () => {
  afterAll(async () => {
    await client.close();
  });

  it('keeps one document per obligation: planned, fulfilled, due, overdue with its escalation, and counts per due day and owner', async () => {
    const documents = await spec()
      .given(...recordedContacts('K-A', knownCoverage['K-A']!), ...recordedContacts('S-C', knownCoverage['S-C']!, 100))
      .then({
        obligations: [
          { _id: 'K-A:1', customerId: 'K-A', kind: 'callback', reason: 'cadence', status: 'due', tier: 'key', team: 'north', accountManager: 'am-li', dueAt: new Date('2026-04-02T06:00:00.000Z'), dueOn: '2026-04-02' },
          { _id: 'K-A:2', status: 'fulfilled', lastOutcome: { outcome: 'reached', channel: 'phone' } },
          { _id: 'K-A:3', kind: 'visit', status: 'fulfilled', lastOutcome: { outcome: 'visit_report', channel: 'on_site' } },
          { _id: 'K-A:4', status: 'planned' },
          { _id: 'K-A:5', status: 'planned' },
          { _id: 'K-A:6', status: 'planned' },
          { _id: 'S-C:1', status: 'overdue', team: 'south', accountManager: 'am-wu', overdueAt: new Date('2027-01-15T00:00:00.000Z'), escalation: { level: 1, to: { kind: 'account_manager', id: 'am-wu' } } },
        ],
      });
    const counts = (documents.coverage as { dueOn: string; team: string; due: number; fulfilled: number; late: number; overdue: number }[]).map(({ dueOn, team, due, fulfilled, late, overdue }) => ({ dueOn, team, due, fulfilled, late, overdue }));
    expect(counts.toSorted((a, b) => a.dueOn.localeCompare(b.dueOn))).toEqual([
      { dueOn: '2026-04-02', team: 'north', due: 1, fulfilled: 0, late: 0, overdue: 0 },
      { dueOn: '2026-07-02', team: 'north', due: 2, fulfilled: 2, late: 1, overdue: 0 },
      { dueOn: '2027-01-01', team: 'south', due: 1, fulfilled: 0, late: 0, overdue: 1 },
    ]);
  });

  it('marks cancelled obligations and keeps them out of the counts', async () => {
    const planned = knownCoverage['S-B']!.slice(0, 1);
    const cancelled: ContactEvent = { type: 'ContactObligationsCancelled', data: { customerId: 'S-B', obligationIds: ['S-B:1'], reason: 'erasure', detail: 'the customer was erased', cancelledAt: '2026-02-01T00:00:00.000Z' } };
    await spec()
      .given(...recordedContacts('S-B', [...planned, cancelled]))
      .then({ obligations: [{ _id: 'S-B:1', status: 'cancelled', cancelReason: 'erasure' }], coverage: [] });
  });
});
