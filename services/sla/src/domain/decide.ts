import { calendarAt } from '@ctp/calendar';
import type { CaseEvent } from '@ctp/contracts';
import type { ClockCycle } from './clock-state.js';
import { timelineFor } from './clock.js';
import type { CaseCommand, OpenCase } from './commands.js';
import { instant, type CaseState, type OpenedCase } from './case-state.js';
import { SlaError } from './errors.js';
import { matchRule } from './sla-policy.js';
import { isAllowedTransition } from './transitions.js';

function openCase(command: OpenCase, state: CaseState): CaseEvent[] {
  if (state !== null) {
    const sameCase = command.source !== null && state.externalId === command.source.externalId;
    if (sameCase) return [];
    throw new SlaError('case_already_opened', `case ${command.caseId} is already open`);
  }
  if (!command.customerKnown) throw new SlaError('customer_unknown', `customer ${command.customerId} is not known`);
  const { policy, calendars, tierAtStart, ...fields } = command;
  const rule = matchRule(policy, { tier: tierAtStart?.tier ?? null, channel: command.channel, type: command.type, priority: command.priority });
  const targets = Object.entries(rule.targets).map(([metric, target]) => ({ metric: metric as ClockCycle['metric'], ...target, warnAtRatio: rule.warnAtRatio }));
  const calendarIds = [...new Set(targets.map(({ calendarId }) => calendarId))];
  const openedAt = instant(command.openedAt);
  return [
    {
      type: 'CaseOpened',
      data: {
        caseId: fields.caseId,
        customerId: fields.customerId,
        channel: fields.channel,
        type: fields.type,
        priority: fields.priority,
        subject: fields.subject,
        openedAt: fields.openedAt,
        openedBy: fields.openedBy,
        source: fields.source,
        tierAtStart,
        slaPolicy: { policyId: policy.id, policyVersion: policy.version, rule: rule.id },
        calendars: calendarIds.map((calendarId) => ({ calendarId, version: calendarAt(timelineFor(calendars, calendarId), openedAt).version })),
        targets,
      },
    },
    ...(command.routing ? [{ type: 'CaseRouted' as const, data: { caseId: fields.caseId, customerId: fields.customerId, ...command.routing, routedAt: fields.openedAt } }] : []),
  ];
}

function guardOpenCase(state: CaseState, at: string): OpenedCase {
  if (state === null) throw new SlaError('case_not_found', 'the case was never opened');
  if (state.mergedInto !== null) throw new SlaError('case_merged', `case ${state.caseId} was merged into ${state.mergedInto}`);
  if (state.status === 'closed') throw new SlaError('case_closed', `case ${state.caseId} is closed`);
  if (instant(at) < state.openedAt) throw new SlaError('time_before_case_opened', `${at} is before the case opened`);
  return state;
}

/** Decides the case events a command leads to; the clock events follow from them (decideClock). */
export function decide(command: CaseCommand, state: CaseState): CaseEvent[] {
  if (command.kind === 'open_case') return openCase(command, state);
  const opened = guardOpenCase(state, command.at);
  const { caseId, customerId } = opened;
  switch (command.kind) {
    case 'reply':
      return [{ type: 'CaseReplied', data: { caseId, customerId, repliedAt: command.at, by: command.by, body: command.body } }];
    case 'customer_wrote':
      return [{ type: 'CaseCustomerWrote', data: { caseId, customerId, receivedAt: command.at, body: command.body } }];
    case 'add_note':
      return [{ type: 'CaseNoteAdded', data: { caseId, customerId, addedAt: command.at, by: command.by, body: command.body } }];
    case 'change_status': {
      const from = opened.status;
      if (!isAllowedTransition(from, command.to)) throw new SlaError('transition_not_allowed', `a case cannot go from ${from} to ${command.to}`);
      return [{ type: 'CaseStatusChanged', data: { caseId, from, to: command.to, changedAt: command.at, by: command.by, reason: command.reason, fromSince: opened.statusSince, fromBy: opened.statusBy } }];
    }
    case 'change_priority':
      if (command.to === opened.priority) return [];
      return [{ type: 'CasePriorityChanged', data: { caseId, from: opened.priority, to: command.to, changedAt: command.at, by: command.by, reason: command.reason } }];
    case 'change_tier': {
      if (command.to === opened.tier) return [];
      const { to, tierPolicyId, tierPolicyVersion } = command;
      return [{ type: 'CaseTierChanged', data: { caseId, from: opened.tier, to, tierPolicyId, tierPolicyVersion, changedAt: command.at } }];
    }
    case 'reassign':
      return [{ type: 'CaseReassigned', data: { caseId, from: opened.assignee, to: command.to, reassignedAt: command.at, by: command.by } }];
    case 'escalate':
      return [
        {
          type: 'CaseEscalated',
          data: { caseId, level: command.level, to: command.to, escalatedAt: command.at, trigger: 'manual', metric: null, by: command.by },
        },
      ];
    case 'merge':
      if (command.into === caseId) throw new SlaError('merge_into_itself', `case ${caseId} cannot merge into itself`);
      return [{ type: 'CaseMerged', data: { caseId, into: command.into, mergedAt: command.at, by: command.by } }];
    default: {
      const unexpected: never = command;
      throw new Error(`unknown case command ${JSON.stringify(unexpected)}`);
    }
  }
}
