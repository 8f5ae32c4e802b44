import { decoderFor, type RecordedEvent } from '@ctp/contracts';
import { defineProjection, guardedUpsert, type ProjectionWrite } from '@ctp/projections';

/**
 * What a manager's portfolio shows:
 * `accountManagers`: one document per customer with a dedicated manager (held, or held until `releaseAt`);
 * `accountCases`: one per case with its customer and whether it is open;
 * `accountContacts`: one per contact obligation feedback planned (open until fulfilled or cancelled);
 * `accountRisks`: one per customer analytics' churn scan scored over its threshold (and whether it subsided since).
 */
export const accountProjection = defineProjection({
  name: 'tiering-accounts',
  version: 2,
  categories: ['account', 'case', 'contact', 'churn'],
  collections: {
    accountManagers: { indexes: [{ key: { managerId: 1, status: 1 } }] },
    accountCases: { indexes: [{ key: { customerId: 1, open: 1 } }] },
    accountContacts: { indexes: [{ key: { customerId: 1, open: 1, dueAt: 1 } }] },
    accountRisks: { indexes: [{ key: { atRisk: 1 } }] },
  },
  handle: (events) => events.flatMap(writesFor),
});

type Collection = 'accountManagers' | 'accountCases' | 'accountContacts' | 'accountRisks';
const accountEvent = decoderFor('account');
const caseEvent = decoderFor('case');
const contactEvent = decoderFor('contact');
const churnEvent = decoderFor('churn');
const closedStatuses = new Set(['resolved', 'closed']);

function writesFor(raw: RecordedEvent): ProjectionWrite<Collection>[] {
  const category = raw.streamId.slice(0, raw.streamId.indexOf('-'));
  if (category === 'account') return accountWrites(raw);
  if (category === 'contact') return contactWrites(raw);
  if (category === 'churn') return riskWrites(raw);
  return caseWrites(raw);
}

function accountWrites(raw: RecordedEvent): ProjectionWrite<Collection>[] {
  const event = accountEvent(raw);
  const { customerId } = event.data;
  const set = (fields: Record<string, unknown>) => [guardedUpsert('accountManagers', customerId, event.globalPosition, { $set: { ...fields, lastEvent: { id: event.id, type: event.type, position: event.globalPosition } }, $setOnInsert: { customerId } })];
  switch (event.type) {
    case 'AccountManagerAssigned':
      return set({ managerId: event.data.managerId, team: event.data.team, status: 'managed', since: event.data.assignedAt, tier: event.data.tier, releaseAt: null });
    case 'AccountManagerReassigned':
      return set({ managerId: event.data.managerId, team: event.data.team, status: 'managed', since: event.data.reassignedAt, releaseAt: null });
    case 'AccountManagerReleaseScheduled':
      return set({ status: 'releasing', releaseAt: event.data.releaseAt, tier: event.data.tier });
    case 'AccountManagerReleaseCancelled':
      return set({ status: 'managed', releaseAt: null, tier: event.data.tier });
    case 'AccountManagerReleased':
      return set({ status: 'released', releaseAt: null });
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

function caseWrites(raw: RecordedEvent): ProjectionWrite<Collection>[] {
  const event = caseEvent(raw);
  if (event.type === 'CaseOpened') {
    const { caseId, customerId, type, priority, openedAt } = event.data;
    return [guardedUpsert('accountCases', caseId, event.globalPosition, { $set: { customerId, type, priority, openedAt, open: true } })];
  }
  if (event.type === 'CaseStatusChanged') return [guardedUpsert('accountCases', event.data.caseId, event.globalPosition, { $set: { open: !closedStatuses.has(event.data.to), status: event.data.to } })];
  return [];
}

function contactWrites(raw: RecordedEvent): ProjectionWrite<Collection>[] {
  const event = contactEvent(raw);
  const set = (obligationId: string, fields: Record<string, unknown>) => guardedUpsert('accountContacts', obligationId, event.globalPosition, { $set: fields });
  switch (event.type) {
    case 'ContactObligationsPlanned': {
      const { customerId, reason } = event.data;
      return event.data.obligations.map(({ obligationId, kind, dueAt }) => set(obligationId, { customerId, kind, reason, dueAt, open: true, overdue: false }));
    }
    case 'ContactOutcomeRecorded':
      return event.data.fulfils ? [set(event.data.obligationId, { open: false, fulfilledAt: event.data.at })] : [];
    case 'ContactObligationOverdue':
      return [set(event.data.obligationId, { overdue: true })];
    case 'ContactObligationsCancelled':
      return event.data.obligationIds.map((obligationId) => set(obligationId, { open: false, cancelledAt: event.data.cancelledAt }));
    default:
      return [];
  }
}

function riskWrites(raw: RecordedEvent): ProjectionWrite<Collection>[] {
  const event = churnEvent(raw);
  const { customerId, score, threshold, model, asOf, crossing } = event.data;
  const atRisk = event.type === 'WinBackRequested';
  const topFactors = atRisk ? event.data.topFactors.map(({ factor }) => factor) : [];
  return [guardedUpsert('accountRisks', customerId, event.globalPosition, { $set: { atRisk, score, threshold, model, asOf, crossing, ...(atRisk ? { topFactors } : {}) } })];
}
