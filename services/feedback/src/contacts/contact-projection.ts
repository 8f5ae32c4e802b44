import { createHash } from 'node:crypto';
import { decoderFor, type ObligationReason, type RecordedEvent, type RecordedEventOf } from '@ctp/contracts';
import { defineProjection, guardedUpsert, type ProjectionWrite } from '@ctp/projections';
import { coverageTallyOf, type CoverageTally } from '../domain/contacts/coverage-tally.js';

/**
 * `obligations`: one document per contact obligation (`_id` its id): what it is, its owner, where it
 * stands (planned, due, overdue, fulfilled, cancelled) and its escalation; the overdue list reads it.
 * `coverage`: counts per due day, tier, team and account manager (`due`, `fulfilled`, `late`,
 * `overdue`), so coverage = fulfilled / due over any range is a sum of a few documents. An obligation
 * counts as due when it falls due (fulfilled then or not); fulfilled when it was fulfilled by then, or
 * later (`late`). No personal data: notes and visit reports stay in the store.
 */
export const contactProjection = defineProjection({
  name: 'feedback-contacts',
  version: 1,
  categories: ['contact'],
  collections: {
    obligations: { indexes: [{ key: { status: 1, dueAt: 1 } }, { key: { customerId: 1 } }] },
    coverage: { indexes: [{ key: { dueOn: 1 } }] },
  },
  handle: (events) => events.flatMap(writesFor),
});

export type ContactCollection = 'obligations' | 'coverage';
export type ObligationStatus = 'planned' | 'due' | 'overdue' | 'fulfilled' | 'cancelled';

export interface ObligationDocument {
  readonly _id: string;
  readonly customerId: string;
  readonly kind: 'callback' | 'visit';
  readonly reason: ObligationReason;
  readonly dueAt: Date;
  readonly dueOn: string;
  readonly tier: string | null;
  readonly team: string | null;
  readonly accountManager: string | null;
  readonly status: ObligationStatus;
  readonly overdueAt?: Date;
  readonly escalation?: { readonly level: number; readonly to: { readonly kind: string; readonly id: string } };
  readonly lastOutcome?: { readonly outcome: string; readonly channel: string; readonly at: Date; readonly by: string };
}

/** A `coverage` document: one due day's counts for one owner. */
export interface CoverageCount extends CoverageTally {
  readonly _id: string;
}

const contactEvent = decoderFor('contact');

/** Many customers feed one count, so each customer's stream guards its own lane. */
const laneOf = (streamId: string) => `c${createHash('sha256').update(streamId).digest('hex').slice(0, 32)}`;

function count(event: RecordedEvent, { dueOn, tier, team, accountManager, due, fulfilled, late, overdue }: CoverageTally): ProjectionWrite<'coverage'> {
  const id = `${dueOn}:${createHash('sha256').update(JSON.stringify([tier, team, accountManager])).digest('hex').slice(0, 24)}`;
  return guardedUpsert('coverage', id, event.globalPosition, { $inc: { due, fulfilled, late, overdue }, $set: { dueOn, tier, team, accountManager } }, { lane: laneOf(event.streamId) });
}

const obligation = (event: RecordedEvent, id: string, $set: Record<string, unknown>): ProjectionWrite<'obligations'> => guardedUpsert('obligations', id, event.globalPosition, { $set });

function writesFor(raw: RecordedEvent): ProjectionWrite<ContactCollection>[] {
  const event: RecordedEventOf<'contact'> = contactEvent(raw);
  const tally = coverageTallyOf(event);
  const counted = tally ? [count(event, tally)] : [];
  switch (event.type) {
    case 'ContactObligationsPlanned': {
      const { customerId, reason, tier } = event.data;
      return event.data.obligations.map(({ obligationId, kind, dueAt, dueOn }) => obligation(event, obligationId, { customerId, kind, reason, dueAt: new Date(dueAt), dueOn, tier, status: 'planned' }));
    }
    case 'ContactObligationsCancelled':
      return event.data.obligationIds.map((id) => obligation(event, id, { status: 'cancelled', cancelReason: event.data.reason }));
    case 'ContactObligationFellDue': {
      const { obligationId, tier, team, accountManager, fulfilled } = event.data;
      const due = fulfilled ? [] : [obligation(event, obligationId, { status: 'due', tier, team, accountManager })];
      return [...due, ...counted];
    }
    case 'ContactOutcomeRecorded': {
      const { obligationId, outcome, channel, at, by, fulfils, tier, team, accountManager } = event.data;
      const lastOutcome = { outcome, channel, at: new Date(at), by };
      const doc = obligation(event, obligationId, fulfils ? { lastOutcome, status: 'fulfilled', tier, team, accountManager } : { lastOutcome });
      return [doc, ...counted];
    }
    case 'ContactObligationOverdue': {
      const { obligationId, overdueAt, tier, team, accountManager } = event.data;
      return [obligation(event, obligationId, { status: 'overdue', overdueAt: new Date(overdueAt), tier, team, accountManager }), ...counted];
    }
    case 'ContactObligationEscalated':
      return [obligation(event, event.data.obligationId, { escalation: { level: event.data.level, to: event.data.to } })];
    default:
      return [];
  }
}
