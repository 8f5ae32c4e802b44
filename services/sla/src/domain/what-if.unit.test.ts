import { calendarOf, calendarTimeline, defaultCalendarDocument } from '@ctp/calendar';
import { describe, expect, it } from 'vitest';
import type { CaseRules } from './decide-case.js';
import type { SlaPolicy } from './sla-policy.js';
import { at, calendars, customerWrote, openCase, play, policy, reply, stateOf, status, type Step } from './test-support/cases.js';
import { outcomesOf, replayCase, whatIf, type WhatIfCase } from './what-if.js';

const rules: CaseRules = { policy, calendars };
const asCase = (caseId: string, ...steps: Step[]): WhatIfCase => ({ caseId, events: play(...steps), rules });
const until = at('2026-03-20T00:00:00+08:00');

/** The default policy with the phone complaint's first response at `duration`. */
function phoneFirstResponse(duration: string): SlaPolicy {
  const rules = policy.rules.map((rule) =>
    rule.id === 'phone-complaint' ? { ...rule, targets: { ...rule.targets, first_response: { ...rule.targets.first_response!, duration } } } : rule,
  );
  return { ...policy, version: 2, rules };
}

const withPolicy = (proposed: SlaPolicy) => (current: CaseRules) => ({ ...current, policy: proposed });

describe('replaying a case', () => {
  it('on the rules it counted on gives back the case as stored', () => {
    const history = play(
      openCase({ channel: 'email', openedAt: '2026-03-04T10:00:00+08:00' }),
      reply('2026-03-04T10:30:00+08:00'),
      status('waiting_on_customer', '2026-03-04T10:31:00+08:00'),
      customerWrote('2026-03-05T09:00:00+08:00'),
      status('open', '2026-03-05T09:01:00+08:00'),
      reply('2026-03-05T09:30:00+08:00'),
      status('resolved', '2026-03-05T15:00:00+08:00'),
    );
    expect(replayCase(history, rules, until)).toEqual(stateOf(history));
  });

  it('fires the breach of a clock whose deadline passed before the horizon, and not of one whose deadline is after it', () => {
    const history = play(openCase({ openedAt: '2026-03-04T14:00:00+08:00' }));
    expect(outcomesOf(replayCase(history, rules, at('2026-03-04T14:10:00+08:00'))).map(({ outcome }) => outcome)).toEqual(['pending', 'pending']);
    expect(outcomesOf(replayCase(history, rules, at('2026-03-04T14:15:00+08:00')))).toEqual([
      { metric: 'first_response', cycle: 1, outcome: 'breached' },
      { metric: 'resolution', cycle: 1, outcome: 'pending' },
    ]);
  });

  it('breaches before a late reply, as the timer would have, then the reply stops the clock breached', () => {
    const history = play(openCase({ openedAt: '2026-03-04T14:00:00+08:00' }), reply('2026-03-04T14:20:00+08:00'));
    expect(outcomesOf(replayCase(history, rules, until))[0]).toEqual({ metric: 'first_response', cycle: 1, outcome: 'breached' });
  });

  it('leaves out what happened after the horizon', () => {
    const history = play(openCase({ openedAt: '2026-03-04T14:00:00+08:00' }), reply('2026-03-04T14:05:00+08:00'));
    expect(outcomesOf(replayCase(history, rules, at('2026-03-04T14:04:00+08:00')))[0]!.outcome).toBe('pending');
  });
});

describe('what if a policy or a calendar had been different', () => {
  const answeredIn20Minutes = asCase('K-20', openCase({ caseId: 'K-20', openedAt: '2026-03-04T14:00:00+08:00' }), reply('2026-03-04T14:20:00+08:00'));
  const answeredIn10Minutes = asCase('K-10', openCase({ caseId: 'K-10', openedAt: '2026-03-04T14:00:00+08:00' }), reply('2026-03-04T14:10:00+08:00'));

  it('with a slower phone complaint target: the late answer becomes met, compliance before and after per metric', () => {
    const result = whatIf([answeredIn20Minutes, answeredIn10Minutes], withPolicy(phoneFirstResponse('PT30M')), until);
    expect(result.changes).toEqual([{ caseId: 'K-20', metric: 'first_response', cycle: 1, before: 'breached', after: 'met' }]);
    expect(result.metrics.first_response).toEqual({
      before: { met: 1, breached: 1, pending: 0, compliance: 0.5 },
      after: { met: 2, breached: 0, pending: 0, compliance: 1 },
    });
    expect(result.metrics.resolution).toEqual({ before: { met: 0, breached: 2, pending: 0, compliance: 0 }, after: { met: 0, breached: 2, pending: 0, compliance: 0 } });
    expect(result).toMatchObject({ cases: 2, notReplayed: [] });
  });

  it('with a stricter one: the answer in 10 minutes becomes breached', () => {
    const result = whatIf([answeredIn20Minutes, answeredIn10Minutes], withPolicy(phoneFirstResponse('PT5M')), until);
    expect(result.changes).toEqual([{ caseId: 'K-10', metric: 'first_response', cycle: 1, before: 'met', after: 'breached' }]);
    expect(result.metrics.first_response.after.compliance).toBe(0);
  });

  it('with a calendar that works on Saturdays: a complaint emailed on Saturday and answered on Monday morning is breached', () => {
    const saturday = asCase('K-SAT', openCase({ caseId: 'K-SAT', channel: 'email', openedAt: '2026-03-07T10:00:00+08:00' }), reply('2026-03-09T09:30:00+08:00'));
    const hours = defaultCalendarDocument.week.monday;
    const sixDays = calendarOf({ ...defaultCalendarDocument, version: 2, week: { ...defaultCalendarDocument.week, saturday: hours } });
    const proposed = { default: calendarTimeline([{ effectiveFrom: -Infinity, calendar: sixDays }]) };
    const result = whatIf([saturday], (current) => ({ ...current, calendars: proposed }), until);
    expect(result.changes).toEqual([{ caseId: 'K-SAT', metric: 'first_response', cycle: 1, before: 'met', after: 'breached' }]);
  });

  it('with a policy that sets no target for a metric: its cycles change to none', () => {
    const noResolution: SlaPolicy = { ...policy, version: 2, rules: policy.rules.map(({ targets: { resolution: _resolution, ...targets }, ...rule }) => ({ ...rule, targets })) };
    const result = whatIf([answeredIn10Minutes], withPolicy(noResolution), until);
    expect(result.changes).toEqual([{ caseId: 'K-10', metric: 'resolution', cycle: 1, before: 'breached', after: 'none' }]);
  });

  it('names the cases the proposed policy cannot count, and counts the others', () => {
    const complaintsOnly: SlaPolicy = { ...policy, version: 2, rules: policy.rules.filter(({ match }) => match.types?.includes('complaint')) };
    const inquiry = asCase('K-Q', openCase({ caseId: 'K-Q', type: 'inquiry', channel: 'email', openedAt: '2026-03-04T14:00:00+08:00' }));
    const result = whatIf([inquiry, answeredIn10Minutes], withPolicy(complaintsOnly), until);
    expect(result.cases).toBe(1);
    expect(result.notReplayed).toEqual([{ caseId: 'K-Q', reason: expect.stringContaining('no rule of SLA policy default v2 matches') }]);
  });

  it('writes nothing: the cases given are left as they were', () => {
    const before = structuredClone(answeredIn20Minutes);
    whatIf([answeredIn20Minutes], withPolicy(phoneFirstResponse('PT30M')), until);
    expect(answeredIn20Minutes).toEqual(before);
  });
});
