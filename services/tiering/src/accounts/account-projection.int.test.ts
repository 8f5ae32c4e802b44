import { streamIdFor, type DomainEvent, type Category, type RecordedEvent } from '@ctp/contracts';
import { envelopes } from '@ctp/event-store';
import { projectedDocuments, projectEvents } from '@ctp/projections';
import { mongoUrl, projectionSpecification, uniqueName } from '@ctp/test-kit';
import { MongoClient } from 'mongodb';
import { afterAll, describe, it } from 'vitest';
import { accountProjection } from './account-projection.js';

const client = new MongoClient(mongoUrl());
const customerId = 'C-2001';
const actor = { kind: 'system', id: 'feedback' } as const;

function spec() {
  const db = client.db(uniqueName('account_projection'));
  return projectionSpecification<RecordedEvent>({
    project: (events) => projectEvents(db, accountProjection, events),
    documents: async () => {
      const { accountContacts, accountRisks } = await projectedDocuments(db, accountProjection);
      const sorted = (documents: Record<string, unknown>[]) => documents.sort((a, b) => String(a._id).localeCompare(String(b._id)));
      return { accountContacts: sorted(accountContacts), accountRisks: sorted(accountRisks) };
    },
  });
}

/** Events of one customer's `category` stream as stored, at positions from `firstPosition` on. */
function recorded(category: Category, firstPosition: number, ...events: DomainEvent[]): RecordedEvent[] {
  const occurredAt = '2026-03-02T02:00:00.000Z';
  return envelopes(streamIdFor(category, customerId), events, { causationId: 'projection-spec', correlationId: 'projection-spec', occurredAt, actor }).map((envelope, revision) => ({
    ...envelope, revision, globalPosition: String(firstPosition + revision), recordedAt: occurredAt,
  }));
}

const obligation = (sequence: number, kind: 'callback' | 'visit', dueAt: string) => ({ obligationId: `${customerId}:${sequence}`, kind, dueAt, dueOn: dueAt.slice(0, 10) });
const planned: DomainEvent = {
  type: 'ContactObligationsPlanned',
  data: {
    customerId, reason: 'cadence', trigger: 'tier_assigned', tier: 'key_account', tierPolicy: { policyId: 'default', policyVersion: 1 },
    entitlements: { callbacksPerYear: 12, onSiteVisitsPerYear: 4, dedicatedManager: true }, year: { from: '2026-03-02T00:00:00.000Z', to: '2027-03-02T00:00:00.000Z' }, caseId: null,
    obligations: [obligation(1, 'callback', '2026-04-01T02:00:00.000Z'), obligation(2, 'visit', '2026-06-01T02:00:00.000Z'), obligation(3, 'callback', '2026-05-01T02:00:00.000Z')],
    plannedAt: '2026-03-02T02:00:00.000Z',
  },
};
const due = { customerId, tier: 'key_account', team: 'key-east', accountManager: 'AM-1' };
const churn = { customerId, crossing: 1, threshold: 0.35, model: { id: 'churn-early-warning', version: 2 } };

describe('the accounts projection: what a manager’s portfolio shows of contacts and churn risk', () => {
  afterAll(async () => {
    await client.close();
  });

  it('keeps each planned contact open until an outcome fulfils it or it is cancelled, and marks it overdue', async () => {
    await spec()
      .given(
        ...recorded('contact', 1,
          planned,
          { type: 'ContactOutcomeRecorded', data: { ...due, ...obligation(1, 'callback', '2026-04-01T02:00:00.000Z'), outcome: 'not_reached', channel: 'phone', note: null, fulfils: false, late: false, at: '2026-04-01T01:00:00.000Z', by: 'agent-7' } },
          { type: 'ContactObligationOverdue', data: { ...due, ...obligation(1, 'callback', '2026-04-01T02:00:00.000Z'), overdueAt: '2026-04-15T02:00:00.000Z' } },
          { type: 'ContactOutcomeRecorded', data: { ...due, ...obligation(3, 'callback', '2026-05-01T02:00:00.000Z'), outcome: 'reached', channel: 'phone', note: null, fulfils: true, late: false, at: '2026-04-20T01:00:00.000Z', by: 'agent-7' } },
          { type: 'ContactObligationsCancelled', data: { customerId, obligationIds: [`${customerId}:2`], reason: 'tier_changed', detail: 'tier key_account -> gold', cancelledAt: '2026-04-21T00:00:00.000Z' } },
        ),
      )
      .then({
        accountContacts: [
          { _id: `${customerId}:1`, customerId, kind: 'callback', reason: 'cadence', dueAt: '2026-04-01T02:00:00.000Z', open: true, overdue: true },
          { _id: `${customerId}:2`, customerId, kind: 'visit', reason: 'cadence', dueAt: '2026-06-01T02:00:00.000Z', open: false, overdue: false, cancelledAt: '2026-04-21T00:00:00.000Z' },
          { _id: `${customerId}:3`, customerId, kind: 'callback', reason: 'cadence', dueAt: '2026-05-01T02:00:00.000Z', open: false, overdue: false, fulfilledAt: '2026-04-20T01:00:00.000Z' },
        ],
        accountRisks: [],
      });
  });

  it('marks a customer at risk on a win-back request, with its score and top factors, and not once the risk subsided', async () => {
    const requested: DomainEvent = { type: 'WinBackRequested', data: { ...churn, score: 0.42, asOf: '2026-03-02', tier: 'key_account', topFactors: [{ factor: 'recencyDrift', value: 0.8, contribution: 0.28, share: 0.67 }], causes: ['17'], requestedAt: '2026-03-01T17:00:00.000Z' } };
    const atRisk = { _id: customerId, atRisk: true, score: 0.42, threshold: 0.35, model: churn.model, asOf: '2026-03-02', crossing: 1, topFactors: ['recencyDrift'] };
    await spec().given(...recorded('churn', 1, requested)).then({ accountContacts: [], accountRisks: [atRisk] });
    await spec()
      .given(...recorded('churn', 1, requested, { type: 'ChurnRiskSubsided', data: { ...churn, score: 0.2, asOf: '2026-04-02', subsidedAt: '2026-04-01T17:00:00.000Z' } }))
      .then({ accountContacts: [], accountRisks: [{ ...atRisk, atRisk: false, score: 0.2, asOf: '2026-04-02' }] });
  });
});
