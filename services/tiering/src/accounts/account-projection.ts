import { decoderFor, type RecordedEvent } from '@ctp/contracts';
import { defineProjection, guardedUpsert, type ProjectionWrite } from '@ctp/projections';

/**
 * `accountManagers`: one document per customer with a dedicated manager (held, or held until `releaseAt`);
 * `accountCases`: one per case with its customer and whether it is open, so a manager's portfolio lists open cases.
 */
export const accountProjection = defineProjection({
  name: 'tiering-accounts',
  version: 1,
  categories: ['account', 'case'],
  collections: {
    accountManagers: { indexes: [{ key: { managerId: 1, status: 1 } }] },
    accountCases: { indexes: [{ key: { customerId: 1, open: 1 } }] },
  },
  handle: (events) => events.flatMap(writesFor),
});

type Collection = 'accountManagers' | 'accountCases';
const accountEvent = decoderFor('account');
const caseEvent = decoderFor('case');
const closedStatuses = new Set(['resolved', 'closed']);

function writesFor(raw: RecordedEvent): ProjectionWrite<Collection>[] {
  return raw.streamId.startsWith('account-') ? accountWrites(raw) : caseWrites(raw);
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
