import { describe, expect, it } from 'vitest';
import { routeCase, type RoutingFacts } from './route-case.js';

const teams = { crisis: 'crisis-response', queue: 'service-desk' };
const keyAccount = { dedicatedManager: true, priorityResponseHours: 24, onSiteVisitsPerYear: 4, callbacksPerYear: 12 };
const standard = { dedicatedManager: false, priorityResponseHours: null, onSiteVisitsPerYear: 0, callbacksPerYear: 1 };
const facts = (more: Partial<RoutingFacts>): RoutingFacts => ({ type: 'inquiry', tier: 'key_account', entitlements: keyAccount, manager: { managerId: 'AM-1', team: 'key-east' }, absenceId: null, teams, ...more });

describe('routing a new case', () => {
  it('given a dedicated manager then the case goes to the manager in the priority lane', () => {
    expect(routeCase(facts({}))).toEqual({ rule: 'dedicated_manager', to: { kind: 'agent', id: 'AM-1' }, lane: 'priority', tier: 'key_account', priorityResponseHours: 24, managerId: 'AM-1', absenceId: null });
  });

  it('given the manager is absent then the case goes to the manager’s team, naming the absence', () => {
    expect(routeCase(facts({ absenceId: 'leave-7' }))).toMatchObject({ rule: 'manager_absent_to_team', to: { kind: 'team', id: 'key-east' }, absenceId: 'leave-7' });
  });

  it('given no manager then the case goes to the team queue, in the lane of the tier’s entitlements', () => {
    expect(routeCase(facts({ tier: 'standard', entitlements: standard, manager: null }))).toMatchObject({ rule: 'tier_queue', to: { kind: 'team', id: 'service-desk' }, lane: 'standard', managerId: null });
    expect(routeCase(facts({ tier: 'gold', entitlements: { ...standard, priorityResponseHours: 48 }, manager: null }))).toMatchObject({ rule: 'tier_queue', lane: 'priority', priorityResponseHours: 48 });
    expect(routeCase(facts({ tier: null, entitlements: null, manager: null }))).toMatchObject({ rule: 'tier_queue', lane: 'standard', tier: null });
  });

  it('given a crisis then the crisis team takes it, even from a managed customer', () => {
    expect(routeCase(facts({ type: 'crisis' }))).toMatchObject({ rule: 'crisis_team', to: { kind: 'team', id: 'crisis-response' }, managerId: 'AM-1' });
  });
});
