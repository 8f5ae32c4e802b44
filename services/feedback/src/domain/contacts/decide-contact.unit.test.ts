import { describe, expect, it } from 'vitest';
import { defaultCadenceRules } from './cadence-rules.js';
import { dueContactTimers } from './due-timers.js';
import { customerId, fire, followTier, givenContacts, keyAccount, outcome, play, shanghai, standard, tierDate, winBack, winBackEventId } from './test-support/contacts.js';

const firstCallback = `${customerId}:1`;
const dueAt = '2026-04-02T06:00:00.000Z';
const assigned = play(followTier(keyAccount), { kind: 'assign_owner', customerId, team: 'north', accountManager: 'am-li', at: tierDate, by: 'key-admin-1' });

describe('a key account’s contact plan', () => {
  it('is planned from the tier date: the cadence year’s callbacks and visits, with ids on the customer’s stream', () => {
    givenContacts()
      .when(followTier(keyAccount))
      .then({
        type: 'ContactObligationsPlanned',
        data: {
          customerId, reason: 'cadence', trigger: 'tier_assigned', tier: 'key', tierPolicy: { policyId: 'standard', policyVersion: 1 },
          year: { from: tierDate, to: '2027-01-01T00:00:00.000Z' },
          obligations: [
            { obligationId: 'C-1:1', kind: 'callback', dueAt },
            { obligationId: 'C-1:2', kind: 'callback' },
            { obligationId: 'C-1:3', kind: 'visit', dueAt: '2026-07-02T12:00:00.000Z' },
            { obligationId: 'C-1:4', kind: 'callback' },
            { obligationId: 'C-1:5', kind: 'callback' },
            { obligationId: 'C-1:6', kind: 'visit' },
          ],
        },
      });
    givenContacts(...play(followTier(keyAccount))).when(followTier(keyAccount, '2026-02-01T00:00:00.000Z')).thenNothing();
  });

  it('falls due at its instant, not before, once', () => {
    givenContacts(...assigned).when(fire('due', firstCallback, '2026-04-02T05:59:59.000Z')).thenNothing();
    const fell = givenContacts(...assigned).when(fire('due', firstCallback, dueAt)).then({ type: 'ContactObligationFellDue', data: { obligationId: firstCallback, tier: 'key', team: 'north', accountManager: 'am-li', fulfilled: false, dueOn: '2026-04-02' } });
    givenContacts(...assigned, ...fell).when(fire('due', firstCallback, dueAt)).thenNothing();
  });

  it('is fulfilled by a reached callback before its due instant, and counted fulfilled when it falls due', () => {
    const reached = givenContacts(...assigned).when(outcome(firstCallback, 'reached', '2026-03-20T02:00:00.000Z')).then({ type: 'ContactOutcomeRecorded', data: { outcome: 'reached', fulfils: true, late: false } });
    givenContacts(...assigned, ...reached).when(fire('due', firstCallback, dueAt)).then({ type: 'ContactObligationFellDue', data: { fulfilled: true } });
    givenContacts(...assigned, ...reached).when(fire('overdue', firstCallback, '2026-05-01T00:00:00.000Z')).thenNothing();
    givenContacts(...assigned, ...reached).when(outcome(firstCallback, 'declined', '2026-03-21T02:00:00.000Z')).thenThrows('obligation_fulfilled');
  });

  it('turns overdue 14 days after falling due unfulfilled, escalating to the account manager, then 7 days later to the team lead', () => {
    const fell = play(followTier(keyAccount), { kind: 'assign_owner', customerId, team: 'north', accountManager: 'am-li', at: tierDate, by: 'key-admin-1' }, fire('due', firstCallback, dueAt));
    const notReached = givenContacts(...fell).when(outcome(firstCallback, 'not_reached', '2026-04-03T02:00:00.000Z')).then({ type: 'ContactOutcomeRecorded', data: { fulfils: false } });
    const history = [...fell, ...notReached];
    givenContacts(...history).when(fire('overdue', firstCallback, '2026-04-16T05:00:00.000Z')).thenNothing();
    const overdue = givenContacts(...history)
      .when(fire('overdue', firstCallback, '2026-04-16T06:00:00.000Z'))
      .then(
        { type: 'ContactObligationOverdue', data: { obligationId: firstCallback, overdueAt: '2026-04-16T06:00:00.000Z', accountManager: 'am-li' } },
        { type: 'ContactObligationEscalated', data: { level: 1, to: { kind: 'account_manager', id: 'am-li' } } },
      );
    givenContacts(...history, ...overdue).when(fire('team_lead', firstCallback, '2026-04-23T06:00:00.000Z')).then({ type: 'ContactObligationEscalated', data: { level: 2, to: { kind: 'team_lead', id: 'north' }, escalatedAt: '2026-04-23T06:00:00.000Z' } });
    givenContacts(...history, ...overdue).when(outcome(firstCallback, 'reached', '2026-04-20T02:00:00.000Z')).then({ type: 'ContactOutcomeRecorded', data: { fulfils: true, late: true } });
  });

  it('escalates to the team lead at once without an account manager', () => {
    const fell = play(followTier(keyAccount), fire('due', firstCallback, dueAt));
    givenContacts(...fell).when(fire('overdue', firstCallback, '2026-04-20T00:00:00.000Z')).then({ type: 'ContactObligationOverdue' }, { type: 'ContactObligationEscalated', data: { level: 1, to: { kind: 'team_lead', id: 'unassigned' } } });
  });

  it('refuses outcomes that do not fit the obligation', () => {
    givenContacts(...assigned).when(outcome(firstCallback, 'visit_report', '2026-03-01T00:00:00.000Z', 'phone', 'text')).thenThrows('outcome_not_for_kind');
    givenContacts(...assigned).when(outcome(firstCallback, 'reached', '2026-03-01T00:00:00.000Z', 'on_site')).thenThrows('channel_not_for_kind');
    givenContacts(...assigned).when(outcome('C-1:3', 'visit_report', '2026-03-01T00:00:00.000Z', 'on_site')).thenThrows('visit_report_needs_text');
    givenContacts(...assigned).when(outcome('C-1:3', 'reached', '2026-03-01T00:00:00.000Z', 'on_site')).thenThrows('outcome_not_for_kind');
    givenContacts(...assigned).when(outcome('C-1:99', 'reached', '2026-03-01T00:00:00.000Z')).thenThrows('obligation_not_found');
    givenContacts(...assigned).when(outcome('C-1:3', 'visit_report', '2026-03-01T00:00:00.000Z', 'on_site', 'Walked the new line with the buyer')).then({ type: 'ContactOutcomeRecorded', data: { kind: 'visit', fulfils: true, note: 'Walked the new line with the buyer' } });
  });

  it('renews the plan for the next cadence year at the end of the year, once', () => {
    givenContacts(...assigned)
      .when({ kind: 'renew', yearEnd: '2027-01-01T00:00:00.000Z', tier: keyAccount, timeZone: shanghai })
      .then({ type: 'ContactObligationsPlanned', data: { trigger: 'cadence_renewed', year: { from: '2027-01-01T00:00:00.000Z', to: '2028-01-01T00:00:00.000Z' }, obligations: [{ obligationId: 'C-1:7' }, {}, {}, {}, {}, {}] } });
    givenContacts(...assigned).when({ kind: 'renew', yearEnd: '2026-06-01T00:00:00.000Z', tier: keyAccount, timeZone: shanghai }).thenNothing();
  });
});

describe('a tier change', () => {
  const changedAt = '2026-05-01T00:00:00.000Z';
  const reachedFirst = play(followTier(keyAccount), outcome(firstCallback, 'reached', '2026-03-01T00:00:00.000Z'));

  it('re-plans from the change date: future obligations cancelled with why, fulfilled and past ones kept, the new tier’s year planned', () => {
    givenContacts(...reachedFirst)
      .when(followTier(standard, changedAt))
      .then(
        { type: 'ContactObligationsCancelled', data: { obligationIds: ['C-1:2', 'C-1:3', 'C-1:4', 'C-1:5', 'C-1:6'], reason: 'tier_changed', detail: 'tier key -> standard', cancelledAt: changedAt } },
        { type: 'ContactObligationsPlanned', data: { trigger: 'tier_changed', tier: 'standard', year: { from: changedAt, to: '2027-05-01T00:00:00.000Z' }, obligations: [{ obligationId: 'C-1:7', kind: 'callback', dueAt: '2027-05-01T00:00:00.000Z' }] } },
      );
  });

  it('keeps an obligation that fell due unfulfilled before the change, and never re-plans before the current year', () => {
    const fell = play(followTier(keyAccount), fire('due', firstCallback, dueAt));
    const [cancelled] = givenContacts(...fell).when(followTier(standard, changedAt)).then({ type: 'ContactObligationsCancelled' }, { type: 'ContactObligationsPlanned' });
    expect((cancelled!.data as { obligationIds: string[] }).obligationIds).not.toContain(firstCallback);
    givenContacts(...fell).when(followTier(standard, '2025-12-01T00:00:00.000Z')).thenNothing();
  });

  it('withdrawn: the future obligations are cancelled and no year is renewed (the fulfilled one still falls due, to be counted)', () => {
    const withdrawn = givenContacts(...reachedFirst).when(followTier(null, changedAt)).then({ type: 'ContactObligationsCancelled', data: { reason: 'tier_withdrawn', detail: 'tier key -> none' } });
    const state = givenContacts(...reachedFirst, ...withdrawn).state;
    expect(dueContactTimers(state, defaultCadenceRules)).toEqual([{ step: 'due', obligationId: firstCallback, at: dueAt }]);
  });
});

describe('a new tier policy version', () => {
  const v2 = (visits: number) => ({ kind: 'follow_policy', tierPolicy: { policyId: 'standard', policyVersion: 2 }, entitlements: { key: { ...keyAccount.entitlements, onSiteVisitsPerYear: visits }, standard: standard.entitlements }, at: '2026-09-01T00:00:00.000Z', timeZone: shanghai }) as const;

  it('re-plans a plan on an older version whose tier’s entitlements changed, from when it takes effect', () => {
    givenContacts(...play(followTier(keyAccount)))
      .when(v2(4))
      .then(
        { type: 'ContactObligationsCancelled', data: { obligationIds: ['C-1:4', 'C-1:5', 'C-1:6'], reason: 'tier_policy_changed', detail: 'policy standard v2: key entitlements changed' } },
        { type: 'ContactObligationsPlanned', data: { trigger: 'tier_policy_changed', tierPolicy: { policyVersion: 2 }, year: { from: '2026-09-01T00:00:00.000Z' } } },
      );
  });

  it('leaves plans whose entitlements did not change, on another policy, or on that version already', () => {
    givenContacts(...play(followTier(keyAccount))).when(v2(2)).thenNothing();
    givenContacts(...play(followTier({ ...keyAccount, tierPolicy: { policyId: 'other', policyVersion: 1 } }))).when(v2(4)).thenNothing();
    givenContacts(...play(followTier({ ...keyAccount, tierPolicy: { policyId: 'standard', policyVersion: 2 } }))).when(v2(4)).thenNothing();
  });
});

describe('a dissatisfied customer', () => {
  const complaint = { kind: 'dissatisfied', customerId, trigger: 'complaint', caseId: 'K-9', at: '2026-03-04T06:00:00.000Z', timeZone: shanghai } as const;

  it('gets a visit within 30 days of the complaint, one open at a time', () => {
    const planned = givenContacts(...play(followTier(standard))).when(complaint).then({ type: 'ContactObligationsPlanned', data: { reason: 'dissatisfaction', trigger: 'complaint', caseId: 'K-9', tier: 'standard', obligations: [{ obligationId: 'C-1:2', kind: 'visit', dueAt: '2026-04-03T06:00:00.000Z' }] } });
    givenContacts(...play(followTier(standard)), ...planned).when({ ...complaint, caseId: 'K-10' }).thenNothing();
  });

  it('keeps the visit through a tier change, and gets one with no tier at all', () => {
    const history = play(followTier(standard), complaint);
    givenContacts(...history).when(followTier(keyAccount, '2026-03-05T00:00:00.000Z')).then({ type: 'ContactObligationsCancelled', data: { obligationIds: ['C-1:1'] } }, { type: 'ContactObligationsPlanned', data: { tier: 'key' } });
    givenContacts().when(complaint).then({ type: 'ContactObligationsPlanned', data: { tier: null, obligations: [{ obligationId: 'C-1:1' }] } });
  });

  it('gets the visit after a poor survey answer too, with or without a case', () => {
    givenContacts(...play(followTier(standard)))
      .when({ ...complaint, trigger: 'poor_survey_answer', caseId: null })
      .then({ type: 'ContactObligationsPlanned', data: { reason: 'dissatisfaction', trigger: 'poor_survey_answer', caseId: null, obligations: [{ kind: 'visit', dueAt: '2026-04-03T06:00:00.000Z' }] } });
  });
});

describe('erasure', () => {
  it('cancels every obligation still owed and ends the plan: nothing is planned or timed again', () => {
    const history = play(followTier(keyAccount), outcome(firstCallback, 'reached', '2026-03-01T00:00:00.000Z'));
    const ended = givenContacts(...history).when({ kind: 'end', at: '2026-03-02T00:00:00.000Z' }).then({ type: 'ContactObligationsCancelled', data: { reason: 'erasure', obligationIds: ['C-1:2', 'C-1:3', 'C-1:4', 'C-1:5', 'C-1:6'] } }, { type: 'ContactPlanEnded', data: { reason: 'erasure' } });
    givenContacts(...history, ...ended).when(followTier(standard, '2026-04-01T00:00:00.000Z')).thenNothing();
    expect(dueContactTimers(givenContacts(...history, ...ended).state, defaultCadenceRules)).toEqual([]);
  });
});

describe('the timers a plan needs', () => {
  it('each obligation’s next step and the end of the year', () => {
    const fell = play(followTier(standard), fire('due', firstCallback, '2027-01-01T00:00:00.000Z'));
    expect(dueContactTimers(givenContacts(...fell).state, defaultCadenceRules)).toEqual([
      { step: 'overdue', obligationId: firstCallback, at: '2027-01-15T00:00:00.000Z' },
      { step: 'renewal', yearTo: '2027-01-01T00:00:00.000Z', at: '2027-01-01T00:00:00.000Z' },
    ]);
  });
});

describe('a win-back callback (analytics asked: the churn risk crossed the threshold)', () => {
  // Monday 2 March 2026, 10:00 in Shanghai: before the 17:00 cut-off, so the day counts
  const requested = '2026-03-02T02:00:00.000Z';

  it('is planned once per request, due at close of business (18:00) on the tier\'s working day: key 2', () => {
    const planned = givenContacts(...play(followTier(keyAccount)))
      .when(winBack(requested))
      .then({
        type: 'ContactObligationsPlanned',
        data: {
          customerId, reason: 'win_back', trigger: 'churn_risk', tier: 'key', entitlements: null, year: null, caseId: null,
          winBack: { eventId: winBackEventId, position: '4711', crossing: 1 },
          obligations: [{ obligationId: 'C-1:7', kind: 'callback', dueAt: '2026-03-04T10:00:00.000Z', dueOn: '2026-03-04' }],
          plannedAt: requested,
        },
      });
    givenContacts(...play(followTier(keyAccount)), ...planned).when(winBack(requested)).thenNothing();
  });

  it('other tiers in 5 working days, no tier in 10; feedback\'s tier comes before the scored one', () => {
    givenContacts().when(winBack(requested, 'standard')).then({ type: 'ContactObligationsPlanned', data: { tier: 'standard', obligations: [{ obligationId: 'C-1:1', dueAt: '2026-03-09T10:00:00.000Z' }] } });
    givenContacts().when(winBack(requested, null)).then({ type: 'ContactObligationsPlanned', data: { tier: null, obligations: [{ dueAt: '2026-03-16T10:00:00.000Z', dueOn: '2026-03-16' }] } });
    givenContacts(...play(followTier(standard))).when(winBack(requested, 'key')).then({ type: 'ContactObligationsPlanned', data: { tier: 'standard', obligations: [{ dueAt: '2026-03-09T10:00:00.000Z' }] } });
  });

  it('a request after the cut-off counts from the next working day (Friday 18:30 -> Wednesday)', () => {
    givenContacts().when(winBack('2026-03-06T10:30:00.000Z')).then({ type: 'ContactObligationsPlanned', data: { obligations: [{ dueAt: '2026-03-11T10:00:00.000Z' }] } });
  });

  it('a new crossing (another request) plans another callback; it falls due and escalates like any obligation', () => {
    // the second request on Monday 4 May, inside the Labour Day holidays (1-5 May): counted from Wednesday 6 May, due Friday 8 May
    const first = play(winBack(requested));
    const second = givenContacts(...first).when(winBack('2026-05-04T02:00:00.000Z', 'key', '5d2c8a10-7e4b-4c1d-8f3a-2b9e6c0d4a77', 2)).then({ type: 'ContactObligationsPlanned', data: { winBack: { crossing: 2 }, obligations: [{ obligationId: 'C-1:2' }] } });
    const history = [...first, ...second];
    const fell = givenContacts(...history).when(fire('due', 'C-1:1', '2026-03-04T10:00:00.000Z')).then({ type: 'ContactObligationFellDue', data: { obligationId: 'C-1:1', fulfilled: false } });
    givenContacts(...history, ...fell).when(fire('overdue', 'C-1:1', '2026-03-18T10:00:00.000Z')).then({ type: 'ContactObligationOverdue' }, { type: 'ContactObligationEscalated', data: { level: 1, to: { kind: 'team_lead', id: 'unassigned' } } });
    expect(dueContactTimers(givenContacts(...history).state, defaultCadenceRules).map(({ step, at }) => [step, at])).toEqual([['due', '2026-03-04T10:00:00.000Z'], ['due', '2026-05-08T10:00:00.000Z']]);
  });

  it('nothing once the plan ended (erasure); erasure cancels an open win-back callback', () => {
    const planned = play(winBack(requested));
    givenContacts(...planned).when({ kind: 'end', at: '2026-03-03T00:00:00.000Z' }).then({ type: 'ContactObligationsCancelled', data: { obligationIds: ['C-1:1'], reason: 'erasure' } }, { type: 'ContactPlanEnded' });
    givenContacts(...play(winBack(requested), { kind: 'end', at: '2026-03-03T00:00:00.000Z' })).when(winBack('2026-04-01T02:00:00.000Z', 'key', '5d2c8a10-7e4b-4c1d-8f3a-2b9e6c0d4a77')).thenNothing();
  });
});
