import type { DomainEvent } from '@ctp/contracts';
import { describe, expect, it } from 'vitest';
import { isNotifying, notificationOf, type NotifyingEvent } from './notification-of.js';

const ownerOfCase = async (caseId: string) => (caseId === 'K-1' ? 'agent-7' : null);
const when = (event: NotifyingEvent) => notificationOf(event, ownerOfCase);

describe('what an event asks to tell someone', () => {
  it('given an SLA warning, then the case’s owner (looked up) hears of it with its metric and deadline', async () => {
    expect(await when({ type: 'SlaWarningRaised', data: { caseId: 'K-1', metric: 'first_response', cycle: 1, at: '2026-03-04T02:00:00.000Z', deadline: '2026-03-04T02:15:00.000Z', elapsedMs: 675_000, targetMs: 900_000 } }))
      .toEqual({ kind: 'sla_warning', owner: 'agent-7', about: 'case K-1', detail: 'first_response', deadline: '2026-03-04T02:15:00.000Z', raisedAt: '2026-03-04T02:00:00.000Z' });
  });

  it('given a case escalated to a target (agent, team or role), then that target, the level and why; no deadline', async () => {
    expect(await when({ type: 'CaseEscalated', data: { caseId: 'K-2', level: 2, to: { kind: 'role', id: 'duty-manager' }, escalatedAt: '2026-03-04T03:00:00.000Z', trigger: 'sla_breach', metric: 'resolution', by: 'sla' } }))
      .toEqual({ kind: 'case_escalated', owner: 'duty-manager', about: 'case K-2', detail: 'level 2, resolution breached', deadline: null, raisedAt: '2026-03-04T03:00:00.000Z' });
    expect(await when({ type: 'CaseEscalated', data: { caseId: 'K-2', level: 1, to: { kind: 'team', id: 'north-leads' }, escalatedAt: '2026-03-04T03:00:00.000Z', trigger: 'manual', metric: null, by: 'agent-1' } }))
      .toMatchObject({ owner: 'north-leads', detail: 'level 1, manual' });
  });

  it('given an overdue contact, then the account manager, else the team', async () => {
    const overdue = { customerId: 'C-1', obligationId: 'C-1:1', kind: 'callback', dueAt: '2026-03-03T10:00:00.000Z', dueOn: '2026-03-03', tier: 'key', team: 'north', accountManager: 'am-1', overdueAt: '2026-03-04T02:00:00.000Z' } as const;
    expect(await when({ type: 'ContactObligationOverdue', data: overdue })).toMatchObject({ kind: 'contact_overdue', owner: 'am-1', detail: 'callback', deadline: '2026-03-03T10:00:00.000Z' });
    expect(await when({ type: 'ContactObligationOverdue', data: { ...overdue, accountManager: null } })).toMatchObject({ owner: 'north' });
  });

  it('given a contact escalated to a team lead, then that lead, with the obligation and level', async () => {
    expect(await when({ type: 'ContactObligationEscalated', data: { customerId: 'C-1', obligationId: 'C-1:1', level: 2, to: { kind: 'team_lead', id: 'lead-north' }, escalatedAt: '2026-03-05T02:00:00.000Z' } }))
      .toEqual({ kind: 'contact_escalated', owner: 'lead-north', about: 'customer C-1', detail: 'obligation C-1:1, level 2 (team_lead)', deadline: null, raisedAt: '2026-03-05T02:00:00.000Z' });
  });

  it('given an overdue follow-up or improvement action, then its owner', async () => {
    expect(await when({ type: 'FollowUpOverdue', data: { invitationId: 'I-1', customerId: 'C-1', followUpId: 'F-1', dueAt: '2026-03-04T02:15:00.000Z', owner: { kind: 'agent', id: 'agent-3' } } }))
      .toEqual({ kind: 'follow_up_overdue', owner: 'agent-3', about: 'customer C-1', detail: 'follow-up F-1', deadline: '2026-03-04T02:15:00.000Z', raisedAt: '2026-03-04T02:15:00.000Z' });
    expect(await when({ type: 'ImprovementActionOverdue', data: { actionId: 'A-1', owner: 'qa-lead', dueDate: '2026-03-03', status: 'in_progress', escalatedAt: '2026-03-03T16:00:00.000Z' } }))
      .toEqual({ kind: 'improvement_overdue', owner: 'qa-lead', about: 'improvement action A-1', detail: 'in_progress', deadline: '2026-03-03', raisedAt: '2026-03-03T16:00:00.000Z' });
  });

  it('given any other event, then it is not one that notifies', () => {
    const reassigned: DomainEvent = { type: 'CaseReassigned', data: { caseId: 'K-1', from: null, to: { kind: 'agent', id: 'agent-7' }, reassignedAt: '2026-03-04T02:00:00.000Z', by: 'lead' } };
    expect(isNotifying(reassigned)).toBe(false);
    expect(isNotifying({ type: 'SomethingNewer' })).toBe(false);
  });
});
