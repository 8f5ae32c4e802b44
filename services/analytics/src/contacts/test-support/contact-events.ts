import type { DomainEvent } from '@ctp/contracts';

const owner = { tier: 'key', team: 'T-1', accountManager: 'AM-1' };
const dayOf = (instant: string) => instant.slice(0, 10);

/** Feedback's contact events for one customer, as its contact cadence records them. */
export const contactEvents = (customerId: string) => ({
  planned: (obligations: readonly { id: string; dueAt: string; kind?: 'callback' | 'visit' }[], plannedAt: string, winBack?: { eventId: string; position: string }): DomainEvent => ({
    type: 'ContactObligationsPlanned',
    data: {
      customerId, reason: winBack ? 'win_back' : 'dissatisfaction', trigger: winBack ? 'churn_risk' : 'complaint', tier: 'key', tierPolicy: null, entitlements: null, year: null, caseId: null,
      ...(winBack ? { winBack: { ...winBack, crossing: 1 } } : {}),
      obligations: obligations.map(({ id, dueAt, kind = 'visit' }) => ({ obligationId: id, kind, dueAt, dueOn: dayOf(dueAt) })),
      plannedAt,
    },
  }),
  fulfilled: (obligationId: string, dueAt: string, at: string): DomainEvent => ({
    type: 'ContactOutcomeRecorded',
    data: { customerId, obligationId, kind: 'visit', dueAt, dueOn: dayOf(dueAt), ...owner, outcome: 'visit_report', channel: 'on_site', note: 'visited', fulfils: true, late: false, at, by: 'agent-1' },
  }),
  notReached: (obligationId: string, dueAt: string, at: string): DomainEvent => ({
    type: 'ContactOutcomeRecorded',
    data: { customerId, obligationId, kind: 'visit', dueAt, dueOn: dayOf(dueAt), ...owner, outcome: 'not_reached', channel: 'on_site', note: null, fulfils: false, late: false, at, by: 'agent-1' },
  }),
  cancelled: (obligationIds: string[], cancelledAt: string): DomainEvent => ({ type: 'ContactObligationsCancelled', data: { customerId, obligationIds, reason: 'tier_changed', detail: 'tier key -> standard', cancelledAt } }),
  fellDue: (obligationId: string, dueAt: string): DomainEvent => ({ type: 'ContactObligationFellDue', data: { customerId, obligationId, kind: 'visit', dueAt, dueOn: dayOf(dueAt), ...owner, fulfilled: false } }),
  overdue: (obligationId: string, dueAt: string, overdueAt: string): DomainEvent => ({ type: 'ContactObligationOverdue', data: { customerId, obligationId, kind: 'visit', dueAt, dueOn: dayOf(dueAt), ...owner, overdueAt } }),
});

/** A WinBackRequested of analytics' churn stream. */
export const winBackRequested = (customerId: string, crossing: number, requestedAt: string): DomainEvent => ({
  type: 'WinBackRequested',
  data: {
    customerId, crossing, score: 0.42, threshold: 0.35, model: { id: 'churn-early-warning', version: 2 }, asOf: dayOf(requestedAt), tier: 'key',
    topFactors: [{ factor: 'recencyDrift', value: 0.8, contribution: 0.28, share: 0.6667 }], causes: ['7'], requestedAt,
  },
});
