import type { LifecycleStage, StageContactReason } from '@ctp/contracts';
import { describe, it } from 'vitest';
import type { ContactCommand } from './contact-commands.js';
import { customerId, fire, followTier, givenContacts, keyAccount, outcome, play, shanghai, standard, winBack } from './test-support/contacts.js';

/** Monday 2 March 2026, 10:00 in Shanghai. */
const changedAt = '2026-03-02T02:00:00.000Z';
const stageEventId = '7c1e9a44-2b6f-4d0e-9a51-3f8d2c7b6e10';
const stageContact = (reason: StageContactReason, stage: LifecycleStage, withinWorkingDays: number, dedicatedManagerOnly = false, now = changedAt): ContactCommand => ({
  kind: 'stage_contact', customerId, reason, lifecycle: { eventId: stageEventId, position: '812', stage }, withinWorkingDays, dedicatedManagerOnly, at: changedAt, now, timeZone: shanghai,
});

describe('lifecycle stage contacts', () => {
  it('a new customer gets a welcome callback due at close of business on the 3rd working day, citing the stage change', () => {
    const planned = givenContacts()
      .when(stageContact('welcome', 'new', 3))
      .then({
        type: 'ContactObligationsPlanned',
        data: { customerId, reason: 'welcome', trigger: 'lifecycle_stage', tier: null, entitlements: null, lifecycle: { eventId: stageEventId, position: '812', stage: 'new' }, obligations: [{ obligationId: 'C-1:1', kind: 'callback', dueAt: '2026-03-05T10:00:00.000Z', dueOn: '2026-03-05' }], plannedAt: changedAt },
      });
    givenContacts(...planned).when(stageContact('welcome', 'new', 3)).thenNothing();
  });

  it('the welcome call is fulfilled like any obligation, and falls due as fulfilled', () => {
    const planned = play(stageContact('welcome', 'new', 3));
    const reached = givenContacts(...planned).when(outcome('C-1:1', 'reached', '2026-03-03T03:00:00.000Z')).then({ type: 'ContactOutcomeRecorded', data: { obligationId: 'C-1:1', fulfils: true, late: false } });
    givenContacts(...planned, ...reached).when(fire('due', 'C-1:1', '2026-03-05T10:00:00.000Z')).then({ type: 'ContactObligationFellDue', data: { fulfilled: true } });
  });

  it('a care call only for a tier with a dedicated manager when the rules say so', () => {
    givenContacts(...play(followTier(standard))).when(stageContact('care', 'mature', 10, true)).thenNothing();
    givenContacts(...play(followTier(keyAccount))).when(stageContact('care', 'mature', 10, true)).then({ type: 'ContactObligationsPlanned', data: { reason: 'care', tier: 'key', lifecycle: { stage: 'mature' } } });
    givenContacts(...play(followTier(standard))).when(stageContact('care', 'mature', 10, false)).then({ type: 'ContactObligationsPlanned', data: { reason: 'care', tier: 'standard' } });
  });

  it('a mature customer whose care call waited for a manager tier gets it when upgraded to one, once', () => {
    const careOwed = { lifecycle: { eventId: stageEventId, position: '812', stage: 'mature' as const }, withinWorkingDays: 10, now: changedAt };
    const upgrade: ContactCommand = { ...followTier(keyAccount, changedAt), careOwed } as ContactCommand;
    const planned = givenContacts(...play(followTier(standard)))
      .when(upgrade)
      .then(
        { type: 'ContactObligationsCancelled', data: { reason: 'tier_changed' } },
        { type: 'ContactObligationsPlanned', data: { reason: 'cadence', tier: 'key' } },
        { type: 'ContactObligationsPlanned', data: { reason: 'care', trigger: 'lifecycle_stage', tier: 'key', lifecycle: careOwed.lifecycle, plannedAt: changedAt, obligations: [{ kind: 'callback', dueOn: '2026-03-16' }] } },
      );
    givenContacts(...play(followTier(standard)), ...planned).when(stageContact('care', 'mature', 10, true)).thenNothing();
    givenContacts(...play(followTier(standard))).when({ ...followTier(standard, changedAt), careOwed } as ContactCommand).thenNothing();
  });

  it('a lapsed customer gets a win-back callback, unless the churn model already asked for one still open', () => {
    givenContacts().when(stageContact('win_back', 'lapsed', 5)).then({ type: 'ContactObligationsPlanned', data: { reason: 'win_back', trigger: 'lifecycle_stage', obligations: [{ dueAt: '2026-03-09T10:00:00.000Z' }] } });
    givenContacts(...play(winBack('2026-03-01T02:00:00.000Z'))).when(stageContact('win_back', 'lapsed', 5)).thenNothing();
  });

  it('no contact for a stage change seen after its window closed (a history imported later): due 5 March, seen on the 6th', () => {
    givenContacts().when(stageContact('welcome', 'new', 3, false, '2026-03-05T10:00:00.000Z')).then({ type: 'ContactObligationsPlanned', data: { reason: 'welcome' } });
    givenContacts().when(stageContact('welcome', 'new', 3, false, '2026-03-06T02:00:00.000Z')).thenNothing();
  });
});
