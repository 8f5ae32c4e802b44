import { describe, expect, it } from 'vitest';
import { caseId, customerWrote, givenCase, openCase, play, policy, priority, reply, status } from './test-support/cases.js';

const opened = () => play(openCase());

describe('opening a case', () => {
  it('records the tier at start, the rule that matched, the calendar version and a target per metric', () => {
    givenCase()
      .when(openCase())
      .then({
        type: 'CaseOpened',
        data: {
          caseId,
          channel: 'phone',
          type: 'complaint',
          tierAtStart: { tier: 'standard' },
          slaPolicy: { policyId: 'default', policyVersion: 1, rule: 'phone-complaint' },
          calendars: [{ calendarId: 'default', version: 1 }],
          targets: [
            { metric: 'first_response', duration: 'PT15M', basis: 'business', calendarId: 'default', warnAtRatio: 0.75 },
            { metric: 'next_response', duration: 'PT2H', basis: 'business' },
            { metric: 'resolution', duration: '3 working days', basis: 'business' },
          ],
        },
      });
  });

  const key = { tier: 'key_account', tierPolicyId: 'default', tierPolicyVersion: 1 };
  it.each([
    ['an online complaint', { channel: 'online' }, 'online-complaint', 'PT30M business'],
    ['an email complaint', { channel: 'email' }, 'complaint', 'PT2H business'],
    ['an urgent email complaint', { channel: 'email', priority: 'urgent' }, 'urgent', 'PT1H business'],
    ["a key account's phone complaint", { tierAtStart: key }, 'phone-complaint', 'PT15M business'],
    ["a key account's inquiry", { type: 'inquiry', tierAtStart: key }, 'tier-key_account', 'PT24H calendar'],
    ['a request by letter', { type: 'request', channel: 'letter' }, 'any-request', 'PT24H calendar'],
  ] as const)('gives %s the first matching rule', (_, changes, rule, firstResponse) => {
    const [opened] = givenCase().when(openCase(changes)).then({ type: 'CaseOpened', data: { slaPolicy: { rule } } });
    const target = opened?.type === 'CaseOpened' ? opened.data.targets.find(({ metric }) => metric === 'first_response') : undefined;
    expect(`${target?.duration} ${target?.basis}`).toBe(firstResponse);
  });

  it('opens the same external case once: sent again it records nothing, another case with the id is refused', () => {
    givenCase(...opened()).when(openCase()).thenNothing();
    givenCase(...opened()).when(openCase({ source: { system: 'callcentre', externalId: 'CC-2' } })).thenThrows('case_already_opened');
  });

  it('refuses an unknown customer', () => {
    givenCase().when(openCase({ customerKnown: false })).thenThrows('customer_unknown');
  });

  it('refuses a case no rule matches, or whose targets name a calendar that does not exist', () => {
    const complaintsOnly = { ...policy, rules: policy.rules.filter(({ match }) => match.types?.includes('complaint')) };
    givenCase().when(openCase({ type: 'inquiry', policy: complaintsOnly })).thenThrows('no_matching_sla_rule');
    givenCase().when(openCase({ calendars: {} })).thenThrows('sla_calendar_unknown');
  });
});

describe('handling an open case', () => {
  it('records replies, customer messages, status and priority changes', () => {
    givenCase(...opened()).when(reply('2026-03-04T14:10:00+08:00')).then({ type: 'CaseReplied', data: { caseId, repliedAt: '2026-03-04T14:10:00+08:00' } });
    givenCase(...opened()).when(customerWrote('2026-03-04T14:30:00+08:00')).then({ type: 'CaseCustomerWrote' });
    givenCase(...opened())
      .when(status('waiting_on_customer', '2026-03-04T15:00:00+08:00'))
      .then({ type: 'CaseStatusChanged', data: { from: 'open', to: 'waiting_on_customer' } });
    givenCase(...opened()).when(priority('high', '2026-03-04T15:00:00+08:00')).then({ type: 'CasePriorityChanged', data: { from: 'normal', to: 'high' } });
  });

  it('records notes, reassignments and manual escalations', () => {
    const when = '2026-03-04T15:00:00+08:00';
    givenCase(...opened()).when({ kind: 'add_note', at: when, by: 'agent-7', body: 'Billing checked.' }).then({ type: 'CaseNoteAdded', data: { addedAt: when } });
    const toBilling = { kind: 'reassign', to: { kind: 'team', id: 'billing' }, at: when, by: 'agent-7' } as const;
    givenCase(...opened()).when(toBilling).then({ type: 'CaseReassigned', data: { from: null, to: { kind: 'team', id: 'billing' } } });
    givenCase(...play(openCase(), toBilling))
      .when({ ...toBilling, to: { kind: 'agent', id: 'agent-9' } })
      .then({ type: 'CaseReassigned', data: { from: { kind: 'team', id: 'billing' }, to: { kind: 'agent', id: 'agent-9' } } });
    givenCase(...opened())
      .when({ kind: 'escalate', level: 1, to: { kind: 'role', id: 'team_lead' }, at: when, by: 'agent-7' })
      .then({ type: 'CaseEscalated', data: { level: 1, trigger: 'manual', metric: null } });
  });

  it('records nothing when the priority does not change', () => {
    givenCase(...opened()).when(priority('normal', '2026-03-04T15:00:00+08:00')).thenNothing();
  });

  it('refuses transitions that are not allowed', () => {
    givenCase(...opened()).when(status('reopened', '2026-03-04T15:00:00+08:00')).thenThrows('transition_not_allowed');
    givenCase(...opened()).when(status('open', '2026-03-04T15:00:00+08:00')).thenThrows('transition_not_allowed');
    const resolved = play(openCase(), status('resolved', '2026-03-04T15:00:00+08:00'));
    givenCase(...resolved).when(status('waiting_on_customer', '2026-03-04T16:00:00+08:00')).thenThrows('transition_not_allowed');
    givenCase(...resolved).when(status('reopened', '2026-03-04T16:00:00+08:00')).then({ type: 'CaseStatusChanged', data: { from: 'resolved', to: 'reopened' } });
  });

  it('refuses times before the case opened', () => {
    givenCase(...opened()).when(reply('2026-03-04T13:59:59+08:00')).thenThrows('time_before_case_opened');
  });

  it('refuses commands on a case never opened, closed or merged', () => {
    givenCase().when(reply('2026-03-04T14:10:00+08:00')).thenThrows('case_not_found');
    const closed = play(openCase(), status('closed', '2026-03-04T15:00:00+08:00'));
    givenCase(...closed).when(reply('2026-03-04T16:00:00+08:00')).thenThrows('case_closed');
    const merged = play(openCase(), { kind: 'merge', into: 'K-0', at: '2026-03-04T15:00:00+08:00', by: 'agent-7' });
    givenCase(...merged).when(reply('2026-03-04T16:00:00+08:00')).thenThrows('case_merged');
    givenCase(...opened()).when({ kind: 'merge', into: caseId, at: '2026-03-04T15:00:00+08:00', by: 'agent-7' }).thenThrows('merge_into_itself');
  });
});
