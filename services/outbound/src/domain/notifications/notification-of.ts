import type { DomainEvent } from '@ctp/contracts';
import type { PendingNotification } from './digest-message.js';

/** The events that tell a person something; any other event type (a newer one included) tells no one. */
export const notifyingEventTypes = ['SlaWarningRaised', 'SlaBreached', 'CaseEscalated', 'ContactObligationOverdue', 'ContactObligationEscalated', 'FollowUpOverdue', 'ImprovementActionOverdue'] as const;
export type NotifyingEvent = DomainEvent<(typeof notifyingEventTypes)[number]>;

export const isNotifying = <E extends { readonly type: string }>(event: E): event is E & NotifyingEvent => (notifyingEventTypes as readonly string[]).includes(event.type);

export interface RaisedNotification extends PendingNotification {
  /** Whom it is for: an agent, team, role or account manager id; null when the event names nobody. */
  readonly owner: string | null;
}

/**
 * What an event asks to tell someone, and whom: an SLA warning or breach its case's owner (looked up), an
 * escalation its target, an overdue contact the customer's account manager (else the team), an overdue follow-up
 * or improvement action its owner.
 */
export async function notificationOf(event: NotifyingEvent, caseOwner: (caseId: string) => Promise<string | null>): Promise<RaisedNotification> {
  switch (event.type) {
    case 'SlaWarningRaised':
    case 'SlaBreached': {
      const { caseId, metric, deadline, at } = event.data;
      return { kind: event.type === 'SlaWarningRaised' ? 'sla_warning' : 'sla_breached', owner: await caseOwner(caseId), about: `case ${caseId}`, detail: metric, deadline, raisedAt: at };
    }
    case 'CaseEscalated': {
      const { caseId, level, to, trigger, metric, escalatedAt } = event.data;
      const why = metric === null ? trigger : `${metric} breached`;
      return { kind: 'case_escalated', owner: to.id, about: `case ${caseId}`, detail: `level ${level}, ${why}`, deadline: null, raisedAt: escalatedAt };
    }
    case 'ContactObligationOverdue': {
      const { customerId, kind, dueAt, overdueAt, accountManager, team } = event.data;
      return { kind: 'contact_overdue', owner: accountManager ?? team, about: `customer ${customerId}`, detail: kind, deadline: dueAt, raisedAt: overdueAt };
    }
    case 'ContactObligationEscalated': {
      const { customerId, obligationId, level, to, escalatedAt } = event.data;
      return { kind: 'contact_escalated', owner: to.id, about: `customer ${customerId}`, detail: `obligation ${obligationId}, level ${level} (${to.kind})`, deadline: null, raisedAt: escalatedAt };
    }
    case 'FollowUpOverdue': {
      const { customerId, followUpId, dueAt, owner } = event.data;
      return { kind: 'follow_up_overdue', owner: owner.id, about: `customer ${customerId}`, detail: `follow-up ${followUpId}`, deadline: dueAt, raisedAt: dueAt };
    }
    case 'ImprovementActionOverdue': {
      const { actionId, owner, dueDate, status, escalatedAt } = event.data;
      return { kind: 'improvement_overdue', owner, about: `improvement action ${actionId}`, detail: status, deadline: dueDate, raisedAt: escalatedAt };
    }
    default: {
      const unknown: never = event;
      throw new Error(`not a notifying event: ${JSON.stringify(unknown)}`);
    }
  }
}
