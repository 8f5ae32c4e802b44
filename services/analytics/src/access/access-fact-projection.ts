import { decoderFor, type Actor, type RecordedEvent } from '@ctp/contracts';
import { defineProjection, guardedUpsert, type ProjectionWrite } from '@ctp/projections';

/**
 * `accessFacts`: one document per read of personal data (`PersonalDataAccessed`, written by every service
 * that shows it) and per read of the access log itself (`AccessLogRead`), `_id` the event id: who (the key and
 * the person or system holding it), in which role, why, what was read and when. Ids only: the justification is a personal field and stays encrypted in the
 * customer's audit stream (intake's `GET /v1/customers/{id}/access-log` shows it).
 */
export const accessFactProjection = defineProjection({
  name: 'analytics-access',
  version: 1,
  categories: ['audit'],
  collections: {
    accessFacts: { indexes: [{ key: { customerId: 1 } }, { key: { actorId: 1 } }, { key: { holderName: 1 } }, { key: { at: 1 } }] },
  },
  handle: (events) => events.flatMap(writesFor),
});

export interface AccessFactDocument {
  readonly _id: string;
  readonly kind: 'personal_data' | 'access_log';
  readonly customerId?: string;
  /** For a read of the access log: the customers whose accesses it listed. */
  readonly customersShown?: readonly string[];
  readonly actorId: string;
  readonly actorKind: string;
  readonly role: string | null;
  /** The person or system the key is issued to; absent on reads recorded before keys named their holder. */
  readonly holderKind?: 'person' | 'system';
  readonly holderName?: string;
  readonly purpose: string;
  readonly view: string;
  readonly fieldsRevealed?: readonly string[];
  readonly at: Date;
  readonly position: string;
}

const auditEvent = decoderFor('audit');

function writesFor(raw: RecordedEvent): ProjectionWrite<'accessFacts'>[] {
  const event = auditEvent(raw);
  const who = ({ id, kind, role, holder }: Actor) => ({ actorId: id, actorKind: kind, role: role ?? null, ...(holder ? { holderKind: holder.kind, holderName: holder.name } : {}) });
  const fact = (set: Record<string, unknown>) => guardedUpsert('accessFacts', raw.id, raw.globalPosition, { $set: { ...set, position: raw.globalPosition } });
  switch (event.type) {
    case 'PersonalDataAccessed': {
      const { customerId, accessedBy, purpose, view, fieldsRevealed } = event.data;
      return [fact({ kind: 'personal_data', customerId, ...who(accessedBy), purpose, view, fieldsRevealed, at: new Date(raw.occurredAt) })];
    }
    case 'AccessLogRead': {
      const { accessedBy, purpose, view, customersShown, at } = event.data;
      return [fact({ kind: 'access_log', customersShown, ...who(accessedBy), purpose, view, at: new Date(at) })];
    }
    case 'CustomerErased':
      return [];
  }
}
