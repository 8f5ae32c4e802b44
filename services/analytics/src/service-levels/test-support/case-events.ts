import type { DomainEvent, EventData, RecordedEvent } from '@ctp/contracts';
import { envelopes } from '@ctp/event-store';

/** Events as stored on one stream, one after the other from `firstPosition`, each at its own time. */
export function recordedOn(streamId: string, events: readonly { event: DomainEvent; at: string }[], firstPosition: number): RecordedEvent[] {
  return events.map(({ event, at }, revision) => {
    const occurredAt = new Date(at).toISOString();
    const [envelope] = envelopes(streamId, [event], { causationId: `cause-${firstPosition + revision}`, correlationId: 'service-levels', occurredAt, actor: { kind: 'service', id: 'test' } });
    return { ...envelope!, revision, globalPosition: String(firstPosition + revision), recordedAt: occurredAt };
  });
}

const target = (metric: 'first_response' | 'next_response' | 'resolution', duration: string) => ({ metric, duration, basis: 'business' as const, calendarId: 'default', warnAtRatio: 0.75 });
const calendars = [{ calendarId: 'default', version: 1 }];

export interface CaseShape {
  readonly customerId?: string;
  readonly channel?: EventData<'CaseOpened'>['channel'];
  readonly type?: EventData<'CaseOpened'>['type'];
  readonly priority?: EventData<'CaseOpened'>['priority'];
  readonly tier?: string | null;
}

/** The events of one case, each a step at its time: `caseEvents('K-1').opened(at)...`. */
export function caseEvents(caseId: string, shape: CaseShape = {}) {
  const clock = (metric: 'first_response' | 'next_response' | 'resolution', cycle: number, at: string) => ({ caseId, metric, cycle, at });
  return {
    opened: (at: string): DomainEvent => ({
      type: 'CaseOpened',
      data: {
        caseId, customerId: shape.customerId ?? 'C-1', channel: shape.channel ?? 'phone', type: shape.type ?? 'complaint', priority: shape.priority ?? 'normal',
        subject: 'It broke', openedAt: at, openedBy: 'agent-7', source: null,
        tierAtStart: shape.tier === null ? null : { tier: shape.tier ?? 'gold', tierPolicyId: 'default', tierPolicyVersion: 1 },
        slaPolicy: { policyId: 'default', policyVersion: 1, rule: 'phone-complaint' }, calendars,
        targets: [target('first_response', 'PT15M'), target('resolution', '3 working days')],
      },
    }),
    replied: (at: string): DomainEvent => ({ type: 'CaseReplied', data: { caseId, customerId: shape.customerId ?? 'C-1', repliedAt: at, by: 'agent-7', body: 'On it' } }),
    customerWrote: (at: string): DomainEvent => ({ type: 'CaseCustomerWrote', data: { caseId, customerId: shape.customerId ?? 'C-1', receivedAt: at, body: 'Still broken' } }),
    noted: (at: string): DomainEvent => ({ type: 'CaseNoteAdded', data: { caseId, customerId: shape.customerId ?? 'C-1', addedAt: at, by: 'agent-7', body: 'internal' } }),
    status: (from: EventData<'CaseStatusChanged'>['from'], to: EventData<'CaseStatusChanged'>['to'], at: string): DomainEvent => ({ type: 'CaseStatusChanged', data: { caseId, from, to, changedAt: at, by: 'agent-7', reason: 'test' } }),
    priority: (from: EventData<'CasePriorityChanged'>['from'], to: EventData<'CasePriorityChanged'>['to'], at: string): DomainEvent => ({ type: 'CasePriorityChanged', data: { caseId, from, to, changedAt: at, by: 'agent-7', reason: 'test' } }),
    tierChanged: (from: string | null, to: string, at: string): DomainEvent => ({ type: 'CaseTierChanged', data: { caseId, from, to, tierPolicyId: 'default', tierPolicyVersion: 2, changedAt: at } }),
    reassigned: (to: { kind: 'agent' | 'team'; id: string }, at: string): DomainEvent => ({ type: 'CaseReassigned', data: { caseId, from: null, to, reassignedAt: at, by: 'lead-1' } }),
    escalated: (at: string): DomainEvent => ({ type: 'CaseEscalated', data: { caseId, level: 1, to: { kind: 'role', id: 'team_lead' }, escalatedAt: at, trigger: 'manual', metric: null, by: 'agent-7' } }),
    merged: (into: string, at: string): DomainEvent => ({ type: 'CaseMerged', data: { caseId, into, mergedAt: at, by: 'agent-7' } }),
    clockStarted: (metric: 'first_response' | 'next_response' | 'resolution', cycle: number, at: string, deadline: string, targetMs = 900_000): DomainEvent => ({
      type: 'SlaClockStarted', data: { ...clock(metric, cycle, at), countedFrom: at, target: target(metric, 'PT15M'), targetMs, deadline, calendars },
    }),
    paused: (metric: 'next_response' | 'resolution', at: string, elapsedMs: number): DomainEvent => ({ type: 'SlaClockPaused', data: { ...clock(metric, 1, at), status: 'waiting_on_customer', elapsedMs } }),
    resumed: (metric: 'next_response' | 'resolution', at: string, status: 'open' | 'reopened', elapsedMs: number, deadline: string): DomainEvent => ({ type: 'SlaClockResumed', data: { ...clock(metric, 1, at), status, elapsedMs, deadline } }),
    rescheduled: (metric: 'first_response' | 'resolution', at: string, deadline: string, targetMs: number): DomainEvent => ({
      type: 'SlaDeadlineRescheduled',
      data: { ...clock(metric, 1, at), cause: 'priority_changed', slaPolicy: { policyId: 'default', policyVersion: 1, rule: 'urgent' }, target: target(metric, 'PT1H'), targetMs, previousDeadline: null, deadline, calendars },
    }),
    warned: (metric: 'first_response' | 'resolution', at: string, deadline: string): DomainEvent => ({ type: 'SlaWarningRaised', data: { ...clock(metric, 1, at), deadline, elapsedMs: 1, targetMs: 2 } }),
    met: (metric: 'first_response' | 'next_response' | 'resolution', cycle: number, at: string, deadline: string, elapsedMs: number): DomainEvent => ({ type: 'SlaMet', data: { ...clock(metric, cycle, at), deadline, elapsedMs } }),
    breached: (metric: 'first_response' | 'next_response' | 'resolution', cycle: number, at: string, deadline: string): DomainEvent => ({ type: 'SlaBreached', data: { ...clock(metric, cycle, at), deadline } }),
    retracted: (metric: 'first_response' | 'resolution', at: string, cause: 'priority_changed' | 'answered_in_time', deadline: string): DomainEvent => ({ type: 'SlaBreachRetracted', data: { ...clock(metric, 1, at), cause, deadline } }),
    stopped: (metric: 'first_response' | 'next_response' | 'resolution', cycle: number, at: string, reason: 'replied' | 'resolved' | 'closed' | 'merged', elapsedMs: number): DomainEvent => ({ type: 'SlaClockStopped', data: { ...clock(metric, cycle, at), reason, elapsedMs } }),
  };
}
