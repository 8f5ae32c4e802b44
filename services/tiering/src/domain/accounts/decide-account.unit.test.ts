import type { AccountEvent, EntitledTier } from '@ctp/contracts';
import { describe, expect, it } from 'vitest';
import { evolveAccount, initialAccountState, type AccountState } from './account-state.js';
import { decideAccount, type AccountCommand, type Roster } from './decide-account.js';

const customerId = 'C-1001';
const at = '2026-03-04T06:00:00.000Z';
const manager = (managerId: string, capacity: number, regions: string[] = []) => ({ managerId, name: managerId, team: 'key-east', capacity, languages: ['zh'], regions });
const roster: Roster = { rosterId: 'default', version: 3, managers: [manager('AM-2', 10), manager('AM-1', 4)] };
const service = (dedicatedManager: boolean) => ({ dedicatedManager, priorityResponseHours: dedicatedManager ? 24 : null, onSiteVisitsPerYear: 0, callbacksPerYear: 1 });
const tier = (name: string, dedicatedManager: boolean): EntitledTier => ({ tier: name, overridden: false, tierPolicy: { policyId: 'default', policyVersion: 2 }, entitlements: service(dedicatedManager) });
const follow = (entitled: EntitledTier | null, loads: Record<string, number> = {}): AccountCommand => ({ kind: 'follow_tier', customerId, entitled, noticeDays: 14, roster, loads: new Map(Object.entries(loads)), region: null, at });

function given(...events: AccountEvent[]) {
  const state: AccountState = events.reduce(evolveAccount, initialAccountState);
  return { when: (command: AccountCommand) => decideAccount(command, state) };
}

const assigned: AccountEvent = { type: 'AccountManagerAssigned', data: { customerId, managerId: 'AM-1', team: 'key-east', reason: 'tier_entitles_manager', tier: 'key_account', tierPolicy: { policyId: 'default', policyVersion: 2 }, roster: { rosterId: 'default', version: 3 }, load: { customers: 0, capacity: 4 }, region: null, assignedAt: at } };
const releasing: AccountEvent = { type: 'AccountManagerReleaseScheduled', data: { customerId, managerId: 'AM-1', tier: 'gold', noticeDays: 14, releaseAt: '2026-03-18T06:00:00.000Z', scheduledAt: at } };

describe('given a customer without a manager', () => {
  it('when they enter a tier with a dedicated manager then the least loaded manager for their capacity is assigned, with the roster version and load', () => {
    expect(given().when(follow(tier('key_account', true), { 'AM-1': 2, 'AM-2': 3 }))).toEqual([
      { type: 'AccountManagerAssigned', data: { ...assigned.data, managerId: 'AM-2', load: { customers: 3, capacity: 10 } } },
    ]);
  });

  it('when loads are equal shares then the lowest id wins, and a full manager only when all are full', () => {
    expect(given().when(follow(tier('key_account', true), { 'AM-1': 2, 'AM-2': 5 }))[0]?.data).toMatchObject({ managerId: 'AM-1' });
    expect(given().when(follow(tier('key_account', true), { 'AM-1': 4, 'AM-2': 9 }))[0]?.data).toMatchObject({ managerId: 'AM-2' });
  });

  it('when their tier has no dedicated manager, or no roster is published, then nothing is decided', () => {
    expect(given().when(follow(tier('gold', false)))).toEqual([]);
    expect(given().when({ ...follow(tier('key_account', true)), roster: null } as AccountCommand)).toEqual([]);
  });
});

describe('given a customer with a manager', () => {
  it('when re-tiered into another tier that keeps a manager then the manager stays (sticky)', () => {
    expect(given(assigned).when(follow(tier('platinum', true)))).toEqual([]);
  });

  it('when downgraded to a tier without a manager then the release is scheduled after the notice, never at once', () => {
    expect(given(assigned).when(follow(tier('gold', false)))).toEqual([releasing]);
  });

  it('when withdrawn then the release is scheduled the same way, naming no tier', () => {
    expect(given(assigned).when(follow(null))[0]?.data).toMatchObject({ tier: null, releaseAt: '2026-03-18T06:00:00.000Z' });
  });

  it('when an admin reassigns to a manager of the roster then the reassignment carries the reason', () => {
    expect(given(assigned).when({ kind: 'reassign', customerId, managerId: 'AM-2', reason: 'language', by: 'admin-1', roster, at })).toEqual([
      { type: 'AccountManagerReassigned', data: { customerId, from: 'AM-1', managerId: 'AM-2', team: 'key-east', reason: 'language', reassignedAt: at, by: 'admin-1' } },
    ]);
  });

  it('when an admin reassigns to an unknown manager or the same one then it is refused with the rule', () => {
    expect(() => given(assigned).when({ kind: 'reassign', customerId, managerId: 'AM-9', reason: 'x', by: 'a', roster, at })).toThrow(expect.objectContaining({ code: 'manager_not_on_roster' }));
    expect(() => given(assigned).when({ kind: 'reassign', customerId, managerId: 'AM-1', reason: 'x', by: 'a', roster, at })).toThrow(expect.objectContaining({ code: 'same_manager' }));
    expect(() => given().when({ kind: 'reassign', customerId, managerId: 'AM-1', reason: 'x', by: 'a', roster, at })).toThrow(expect.objectContaining({ code: 'no_dedicated_manager' }));
  });
});

describe('given a customer in notice', () => {
  it('when they come back to a tier with a manager before the release then the release is cancelled and the manager stays', () => {
    expect(given(assigned, releasing).when(follow(tier('key_account', true)))).toEqual([
      { type: 'AccountManagerReleaseCancelled', data: { customerId, managerId: 'AM-1', tier: 'key_account', tierPolicy: { policyId: 'default', policyVersion: 2 }, cancelledAt: at } },
    ]);
  });

  it('when the release timer of this notice fires then the manager is released as of the end of the notice', () => {
    expect(given(assigned, releasing).when({ kind: 'release', customerId, releaseAt: '2026-03-18T06:00:00.000Z', at: '2026-03-18T06:00:00.000Z' })).toEqual([
      { type: 'AccountManagerReleased', data: { customerId, managerId: 'AM-1', releaseAt: '2026-03-18T06:00:00.000Z', releasedAt: '2026-03-18T06:00:00.000Z' } },
    ]);
  });

  it('when the timer of a cancelled notice fires then nothing happens', () => {
    const cancelled: AccountEvent = { type: 'AccountManagerReleaseCancelled', data: { customerId, managerId: 'AM-1', tier: 'key_account', tierPolicy: { policyId: 'default', policyVersion: 2 }, cancelledAt: at } };
    expect(given(assigned, releasing, cancelled).when({ kind: 'release', customerId, releaseAt: '2026-03-18T06:00:00.000Z', at: '2026-03-18T06:00:00.000Z' })).toEqual([]);
  });
});

describe('choosing by region', () => {
  it('when shares are equal then a manager covering the customer’s region comes first', () => {
    const regional: Roster = { ...roster, managers: [manager('AM-1', 4, ['north']), manager('AM-2', 4, ['east'])] };
    expect(decideAccount({ ...follow(tier('key_account', true)), roster: regional, region: 'east' } as AccountCommand, initialAccountState)[0]?.data).toMatchObject({ managerId: 'AM-2', region: 'east' });
    expect(decideAccount({ ...follow(tier('key_account', true)), roster: regional, region: 'East' } as AccountCommand, initialAccountState)[0]?.data).toMatchObject({ managerId: 'AM-2', region: 'East' });
  });

  it('a lower share of capacity comes before the region', () => {
    const regional: Roster = { ...roster, managers: [manager('AM-1', 4, ['north']), manager('AM-2', 4, ['east'])] };
    const loads = new Map([['AM-2', 1]]);
    expect(decideAccount({ ...follow(tier('key_account', true)), roster: regional, loads, region: 'east' } as AccountCommand, initialAccountState)[0]?.data).toMatchObject({ managerId: 'AM-1', region: 'east' });
  });
});
