import { DAY_MS } from '@ctp/calendar';
import { eventRegistry, type LifecycleEvent, type LifecycleStage } from '@ctp/contracts';
import { deciderSpecification } from '@ctp/test-kit';
import { describe, expect, it } from 'vitest';
import { decideLifecycle, type LifecycleCommand, type LifecycleFact } from './decide-lifecycle.js';
import { nextTimeRuleAt, type LifecycleFacts } from './lifecycle-facts.js';
import { defaultLifecycleRules, type LifecycleRulesVersion } from './lifecycle-rules.js';
import { evolveLifecycle, initialLifecycleState, type LifecycleState } from './lifecycle-state.js';

const spec = deciderSpecification<LifecycleCommand, LifecycleState, LifecycleEvent>({
  decide: decideLifecycle,
  evolve: evolveLifecycle,
  initialState: initialLifecycleState,
  validate: (events) => events.forEach(({ type, data }) => eventRegistry.parseData(type, 1, data)),
});

const customerId = 'C-1001';
const rules: LifecycleRulesVersion = { rulesId: 'default', rulesVersion: 1, ...defaultLifecycleRules };
const registeredAt = Date.parse('2026-01-05T02:00:00Z');
const day = (n: number) => registeredAt + n * DAY_MS;
const iso = (ms: number) => new Date(ms).toISOString();
const facts = (...purchaseDays: number[]): LifecycleFacts => ({ registeredAt, purchases: purchaseDays.map(day) });
const event = (at: number, type = 'PurchaseRecorded'): LifecycleFact => ({ kind: 'event', type, eventId: '6f1c2f0e-8a59-4b7e-9d3b-2a1f1e0c4d5a', position: '42', at: iso(at) });
const check = (at: number): LifecycleFact => ({ kind: 'time', timerId: `lifecycle-check:${customerId}:${iso(at).slice(0, 10)}`, at: iso(at) });
const applyRules = (fact: LifecycleFact, known: LifecycleFacts, version = rules): LifecycleCommand => ({ kind: 'apply_rules', customerId, facts: known, fact, rules: version });
const churn = (raised: boolean, at: number, known: LifecycleFacts): LifecycleCommand => ({ kind: 'churn_risk', customerId, raised, detail: raised ? 'score 0.42 >= 0.35 (churn-early-warning v2)' : 'score 0.2 < 0.35', facts: known, fact: event(at, raised ? 'WinBackRequested' : 'ChurnRiskSubsided'), rules });
const changed = (from: LifecycleStage | null, to: LifecycleStage, at: number): LifecycleEvent => ({
  type: 'LifecycleStageChanged',
  data: { customerId, from, to, rule: 'registered', fact: event(at), detail: 'given', rules: { rulesId: 'default', rulesVersion: 1 }, contact: null, changedAt: iso(at) },
});

describe('lifecycle stages', () => {
  it('a registration makes a customer new, with the welcome call of the rules version', () => {
    spec.given().when(applyRules(event(registeredAt, 'CustomerRegistered'), facts())).then({
      data: { from: null, to: 'new', rule: 'registered', rules: { rulesVersion: 1 }, contact: { reason: 'welcome', withinWorkingDays: 3, dedicatedManagerOnly: false }, changedAt: iso(registeredAt) },
    });
  });

  it('the first purchase makes a new customer activating, the second active, each citing the purchase', () => {
    const isNew = changed(null, 'new', registeredAt);
    spec.given(isNew).when(applyRules(event(day(3)), facts(3))).then({ data: { from: 'new', to: 'activating', rule: 'first_purchase', fact: { kind: 'event', type: 'PurchaseRecorded' }, contact: null } });
    spec.given(isNew, changed('new', 'activating', day(3))).when(applyRules(event(day(20)), facts(3, 20))).then({ data: { from: 'activating', to: 'active', rule: 'repeat_purchase', detail: '2 purchases >= 2' } });
  });

  it('a registration and two purchases seen at once: new, then active at once, one event per rule', () => {
    spec.given().when(applyRules(event(day(20)), facts(3, 20))).then({ data: { to: 'new' } }, { data: { from: 'new', to: 'active', rule: 'repeat_purchase' } });
  });

  it('the daily check ends the new period: an activating customer is active, one who never bought has lapsed with a win-back contact', () => {
    spec.given(changed(null, 'new', registeredAt), changed('new', 'activating', day(3))).when(applyRules(check(day(90)), facts(3))).then({ data: { to: 'active', rule: 'new_period_ended', fact: { kind: 'time' } } });
    spec.given(changed(null, 'new', registeredAt)).when(applyRules(check(day(90)), facts())).then({ data: { to: 'lapsed', rule: 'never_activated', contact: { reason: 'win_back', withinWorkingDays: 5 } } });
    spec.given(changed(null, 'new', registeredAt)).when(applyRules(check(day(89)), facts())).thenNothing();
  });

  it('a check reads only the purchases made by its instant', () => {
    spec.given(changed(null, 'new', registeredAt)).when(applyRules(check(day(90)), facts(100))).then({ data: { to: 'lapsed', rule: 'never_activated' } });
  });

  it('an active customer with the tenure and repeat purchases becomes mature with a care call for key accounts', () => {
    spec.given(changed(null, 'active', day(20))).when(applyRules(check(day(366)), facts(3, 20, 200))).then({ data: { to: 'mature', rule: 'tenure_reached', contact: { reason: 'care', dedicatedManagerOnly: true } } });
    spec.given(changed(null, 'active', day(20))).when(applyRules(check(day(366)), facts(3, 200))).thenNothing();
  });

  it('no purchase within the activity window lapses an active customer; a purchase then wins them back, the next makes them active', () => {
    spec.given(changed(null, 'active', day(20))).when(applyRules(check(day(200)), facts(3, 20))).then({ data: { to: 'lapsed', rule: 'inactive', detail: 'no purchase for 180 days' } });
    const lapsed = changed('active', 'lapsed', day(200));
    spec.given(lapsed).when(applyRules(event(day(250)), facts(3, 20, 250))).then({ data: { from: 'lapsed', to: 'won_back', rule: 'purchase_after_lapse' } });
    spec.given(lapsed, changed('lapsed', 'won_back', day(250))).when(applyRules(event(day(260)), facts(3, 20, 250, 260))).then({ data: { to: 'active', rule: 'repeat_purchase' } });
  });

  it('the churn model puts a customer at risk and back; a purchase while at risk wins them back', () => {
    const active = changed(null, 'active', day(20));
    spec.given(active).when(churn(true, day(60), facts(3, 20))).then({ data: { from: 'active', to: 'at_risk', rule: 'churn_risk', detail: 'score 0.42 >= 0.35 (churn-early-warning v2)', fact: { type: 'WinBackRequested' } } });
    const atRisk = changed('active', 'at_risk', day(60));
    spec.given(active, atRisk).when(churn(false, day(70), facts(3, 20))).then({ data: { to: 'active', rule: 'churn_risk_subsided' } });
    spec.given(active, atRisk).when(applyRules(event(day(65)), facts(3, 20, 65))).then({ data: { to: 'won_back', rule: 'purchase_after_lapse' } });
    spec.given(changed(null, 'new', registeredAt)).when(churn(true, day(10), facts())).thenNothing();
    spec.given(active).when(churn(false, day(70), facts(3, 20))).thenNothing();
  });

  it('a fact delivered again decides nothing new', () => {
    spec.given(changed(null, 'new', registeredAt), changed('new', 'activating', day(3))).when(applyRules(event(day(3)), facts(3))).thenNothing();
  });

  it('the next time window: the new period, then the sooner of lapsing and tenure, none once lapsed', () => {
    expect(nextTimeRuleAt('new', facts(), rules)).toBe(day(90));
    expect(nextTimeRuleAt('active', facts(3, 20), rules)).toBe(day(200));
    expect(nextTimeRuleAt('active', facts(3, 20, 300), rules)).toBe(Date.parse('2027-01-05T02:00:00Z'));
    expect(nextTimeRuleAt('lapsed', facts(3), rules)).toBeNull();
  });
});
