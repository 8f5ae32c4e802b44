import { decoderFor, type RecordedEvent } from '@ctp/contracts';
import { defineProjection, guardedUpsert, type ProjectionWrite } from '@ctp/projections';
import type { TraceEvent } from '../metrics/drill.js';

/**
 * `contactFacts`: one document per contact obligation of feedback's cadence (`_id` the obligation id):
 * why and when it was due, and when it was fulfilled, cancelled, fell due and turned overdue, so a
 * churn score at any past date can tell which obligations were open and past due then.
 * `winBackTasks`: one document per `WinBackRequested` of analytics' churn streams (`_id` its event id).
 * Ids, instants and scores only.
 */
export const contactFactProjection = defineProjection({
  name: 'analytics-contacts',
  version: 1,
  categories: ['contact', 'churn'],
  collections: {
    contactFacts: { indexes: [{ key: { customerId: 1 } }, { key: { winBackEventId: 1 } }, { key: { reason: 1 } }] },
    winBackTasks: { indexes: [{ key: { customerId: 1 } }, { key: { requestedAt: 1 } }] },
  },
  handle: (events) => events.flatMap(writesFor),
});

export type ContactFactCollection = 'contactFacts' | 'winBackTasks';

export interface ContactFactDocument {
  readonly _id: string;
  readonly customerId?: string;
  readonly reason?: 'cadence' | 'dissatisfaction' | 'win_back';
  readonly kind?: 'callback' | 'visit';
  readonly dueAt?: Date;
  readonly plannedAt?: Date;
  /** The WinBackRequested a win-back obligation answers. */
  readonly winBackEventId?: string;
  readonly fulfilledAt?: Date;
  readonly cancelledAt?: Date;
  readonly fellDueAt?: Date;
  readonly overdueAt?: Date;
  readonly trace: readonly TraceEvent[];
}

export interface WinBackTaskDocument {
  readonly _id: string;
  readonly customerId: string;
  readonly crossing: number;
  readonly tier: string | null;
  readonly score: number;
  readonly model: { readonly id: string; readonly version: number };
  readonly asOf: string;
  readonly topFactors: readonly { readonly factor: string; readonly contribution: number }[];
  readonly causes: readonly string[];
  readonly requestedAt: Date;
  readonly trace: readonly TraceEvent[];
}

const contactEvent = decoderFor('contact');
const churnEvent = decoderFor('churn');

function writesFor(raw: RecordedEvent): ProjectionWrite<ContactFactCollection>[] {
  const trace = { position: raw.globalPosition, type: raw.type };
  const obligation = (id: string, $set: Record<string, unknown>) => guardedUpsert('contactFacts', id, raw.globalPosition, { $set, $push: { trace } });
  if (raw.streamId.startsWith('churn-')) {
    const event = churnEvent(raw);
    if (event.type !== 'WinBackRequested') return [];
    const { customerId, crossing, tier, score, model, asOf, topFactors, causes, requestedAt } = event.data;
    const factors = topFactors.map(({ factor, contribution }) => ({ factor, contribution }));
    return [guardedUpsert('winBackTasks', raw.id, raw.globalPosition, { $set: { customerId, crossing, tier, score, model, asOf, topFactors: factors, causes, requestedAt: new Date(requestedAt) }, $push: { trace } })];
  }
  const event = contactEvent(raw);
  switch (event.type) {
    case 'ContactObligationsPlanned': {
      const { customerId, reason, plannedAt, winBack } = event.data;
      const cause = winBack === undefined ? {} : { winBackEventId: winBack.eventId };
      return event.data.obligations.map(({ obligationId, kind, dueAt }) => obligation(obligationId, { customerId, reason, kind, dueAt: new Date(dueAt), plannedAt: new Date(plannedAt), ...cause }));
    }
    case 'ContactObligationsCancelled':
      return event.data.obligationIds.map((id) => obligation(id, { cancelledAt: new Date(event.data.cancelledAt) }));
    case 'ContactOutcomeRecorded':
      return event.data.fulfils ? [obligation(event.data.obligationId, { fulfilledAt: new Date(event.data.at) })] : [];
    case 'ContactObligationFellDue':
      return [obligation(event.data.obligationId, { fellDueAt: new Date(event.data.dueAt) })];
    case 'ContactObligationOverdue':
      return [obligation(event.data.obligationId, { overdueAt: new Date(event.data.overdueAt) })];
    case 'ContactOwnerAssigned':
    case 'ContactObligationEscalated':
    case 'ContactPlanEnded':
      return [];
    default: {
      const unexpected: never = event;
      throw new Error(`unknown contact event ${JSON.stringify(unexpected)}`);
    }
  }
}
