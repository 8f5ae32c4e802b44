import type { InvitationDocument } from '../satisfaction/invitation-projection.js';
import type { ComplaintFactDocument } from '../complaints/complaint-fact-projection.js';
import type { ContactFactDocument } from '../contacts/contact-fact-projection.js';
import { buyersOf } from '../retention/buyers.js';
import type { CustomerDocument } from '../retention/customer-projection.js';
import type { CaseFact, ClockFact } from '../service-levels/facts.js';
import type { ContactSignal, CustomerSignals, ServiceSignal } from './churn-signals.js';

/** The read models' rows the signals are built from. */
export interface SignalSources {
  readonly customers: readonly CustomerDocument[];
  readonly cases: readonly Pick<CaseFact, '_id' | 'customerId'>[];
  readonly breachedClocks: readonly ClockFact[];
  readonly complaints: readonly ComplaintFactDocument[];
  readonly invitations: readonly InvitationDocument[];
  /** Feedback's contact obligations (analytics' contactFacts). */
  readonly contacts: readonly ContactFactDocument[];
}

/** The retention read model keeps an amount without its currency: its purchases count in one, unstated. */
export const unstatedCurrency = 'unstated';

/** A poor answer: CSAT 1-2 of 5, or NPS 0-6 (a detractor). */
export const isPoorAnswer = ({ csat, nps }: Pick<InvitationDocument, 'csat' | 'nps'>) => (csat !== null && csat <= 2) || (nps !== null && nps <= 6);

/**
 * Each buyer (a survivor with its merge group, as retention counts customers) with its purchases and
 * the service facts recorded under any id of its group: breached clocks at their deadline, complaints at
 * their opening, poor answers at the answer, invitations expired unanswered at the expiry, contact
 * obligations at their due instant (closed at their fulfilment or cancellation).
 */
export function assembleSignals(sources: SignalSources): CustomerSignals[] {
  const refundsOf = new Map(sources.customers.flatMap(({ refunds }) => (refunds ?? []).map((refund) => [refund.orderId, refund] as const)));
  const buyers = buyersOf(sources.customers);
  const groupOf = new Map(buyers.flatMap(({ id, mergedFrom }) => [id, ...mergedFrom].map((member) => [member, id] as const)));
  const service = { breaches: new Map<string, ServiceSignal[]>(), complaints: new Map<string, ServiceSignal[]>(), poorSurveys: new Map<string, ServiceSignal[]>() };
  const add = (kind: keyof typeof service, customerId: string, signal: ServiceSignal) => {
    const owner = groupOf.get(customerId) ?? customerId;
    service[kind].set(owner, [...(service[kind].get(owner) ?? []), signal]);
  };
  const caseOwner = new Map(sources.cases.map(({ _id, customerId }) => [_id, customerId]));
  for (const clock of sources.breachedClocks) {
    const owner = caseOwner.get(clock.caseId);
    if (owner !== undefined && clock.outcome === 'breached' && clock.deadline !== null) add('breaches', owner, { id: clock._id, at: clock.deadline.getTime(), trace: clock.trace });
  }
  for (const complaint of sources.complaints) {
    if (complaint.customerId !== undefined && complaint.openedAt !== undefined) add('complaints', complaint.customerId, { id: complaint._id, at: complaint.openedAt.getTime(), trace: complaint.trace ?? [] });
  }
  for (const invitation of sources.invitations) {
    if (invitation.status === 'answered' && invitation.answeredAt !== null && isPoorAnswer(invitation)) add('poorSurveys', invitation.customerId, { id: invitation._id, at: invitation.answeredAt.getTime(), trace: invitation.trace });
    if (invitation.status === 'expired' && invitation.expiredAt !== undefined) add('poorSurveys', invitation.customerId, { id: invitation._id, at: invitation.expiredAt.getTime(), trace: invitation.trace });
  }
  const contacts = new Map<string, ContactSignal[]>();
  for (const { _id, customerId, dueAt, fulfilledAt, cancelledAt, trace } of sources.contacts) {
    if (customerId === undefined || dueAt === undefined) continue;
    const owner = groupOf.get(customerId) ?? customerId;
    const closed = [fulfilledAt, cancelledAt].filter((at) => at !== undefined).map((at) => at.getTime());
    contacts.set(owner, [...(contacts.get(owner) ?? []), { id: _id, at: dueAt.getTime(), closedAt: closed.length === 0 ? null : Math.min(...closed), trace }]);
  }
  const byTime = <T extends ServiceSignal>(signals: readonly T[] | undefined) => [...(signals ?? [])].sort((a, b) => a.at - b.at);
  return buyers.map(({ id, purchases }) => ({
    customerId: id,
    purchases: purchases.map(({ orderId, at, amount, trace }) => {
      const refund = refundsOf.get(orderId);
      return { orderId, at, amount, currency: unstatedCurrency, refundedAt: refund?.at.getTime() ?? null, trace: refund ? [trace, { position: refund.position, type: 'PurchaseRefunded' }] : [trace] };
    }),
    breaches: byTime(service.breaches.get(id)),
    complaints: byTime(service.complaints.get(id)),
    poorSurveys: byTime(service.poorSurveys.get(id)),
    contacts: byTime(contacts.get(id)),
  }));
}
