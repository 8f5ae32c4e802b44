import { describe, expect, it } from 'vitest';
import { defaultSlaPolicy, withTierRules } from './default-sla-policy.js';
import { matchRule, parseSlaPolicy } from './sla-policy.js';
import { policy } from './test-support/cases.js';

const rule = policy.rules.find(({ id }) => id === 'phone-complaint')!;

describe('SLA policy documents', () => {
  it('accepts the default policy', () => {
    expect(parseSlaPolicy(policy)).toEqual({ ok: true, policy });
  });

  it('names every bad field at once', () => {
    const bad = {
      ...policy,
      rules: [
        {
          ...rule,
          targets: { first_response: { ...rule.targets.first_response, duration: 'P1D' }, resolution: { ...rule.targets.resolution, duration: 'P1M' } },
          escalation: [{ ...rule.escalation[1]!, after: '3 working days' }],
          pauses: { ...rule.pauses, first_response: ['waiting_on_customer'] },
        },
        rule,
      ],
    };
    const parsed = parseSlaPolicy(bad);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? [] : parsed.problems.map(({ path }) => path)).toEqual([
      'rules[0].targets.first_response.duration',
      'rules[0].targets.resolution.duration',
      'rules[0].escalation',
      'rules[0].pauses',
      'rules[0].escalation[0].after',
      'rules',
    ]);
  });

  it('never lets first response pause', () => {
    const parsed = parseSlaPolicy({ ...policy, rules: [{ ...rule, pauses: { ...rule.pauses, first_response: ['waiting_on_customer'] } }] });
    expect(parsed.ok ? [] : parsed.problems).toEqual([{ path: 'rules[0].pauses', message: expect.stringContaining('first_response') }]);
  });

  it('refuses a case no rule matches', () => {
    const complaintsOnly = { ...policy, rules: [rule] };
    expect(() => matchRule(complaintsOnly, { tier: null, channel: 'email', type: 'inquiry', priority: 'low' })).toThrow(/no rule/);
  });
});

describe('the default SLA policy', () => {
  it("encodes the plans' numbers in order: crisis, phone and online complaints, urgent, any complaint, key accounts, any request", () => {
    const rows = policy.rules.map(({ id, targets }) => [id, targets.first_response?.duration, targets.first_response?.basis, targets.resolution?.duration ?? null]);
    expect(rows).toEqual([
      ['crisis', 'PT2H', 'calendar', 'PT8H'],
      ['phone-complaint', 'PT15M', 'business', '3 working days'],
      ['online-complaint', 'PT30M', 'business', '3 working days'],
      ['urgent', 'PT1H', 'business', '3 working days'],
      ['complaint', 'PT2H', 'business', '3 working days'],
      ['tier-key_account', 'PT24H', 'calendar', null],
      ['any-request', 'PT24H', 'calendar', null],
    ]);
  });

  it('gives tiers promised a slower response than the general 24 hours no rule of their own', () => {
    const tiers = defaultSlaPolicy([{ tier: 'gold', service: { dedicatedManager: false, priorityResponseHours: 48 } }, { tier: 'standard', service: { dedicatedManager: false, priorityResponseHours: null } }]);
    expect(tiers.rules.map(({ id }) => id)).not.toContain('tier-gold');
    expect(tiers.rules.map(({ id }) => id)).not.toContain('tier-standard');
  });

  it('engages the crisis team round the clock within 2 hours, warned at half of it, escalated to the crisis manager at the deadline', () => {
    const crisis = matchRule(policy, { tier: 'key_account', channel: 'phone', type: 'crisis', priority: 'urgent' });
    expect(crisis).toMatchObject({ id: 'crisis', warnAtRatio: 0.5, escalation: [{ level: 1, after: 'PT0S', to: { kind: 'role', id: 'crisis_manager' } }, { level: 2, after: 'PT1H' }] });
  });

  it('warns at 75 % and pauses next response and resolution while waiting on the customer (crisis apart)', () => {
    for (const { warnAtRatio, pauses } of policy.rules.filter(({ id }) => id !== 'crisis')) {
      expect(warnAtRatio).toBe(0.75);
      expect(pauses).toEqual({ next_response: ['waiting_on_customer'], resolution: ['waiting_on_customer'] });
    }
  });
});

describe('the tier rules follow the tier policy', () => {
  const keyAccount = (priorityResponseHours: number | null) => [{ tier: 'key_account', service: { dedicatedManager: true, priorityResponseHours } }];

  it('makes a new version whose key-account target is the new priority response hours, in the same place, every other rule kept', () => {
    const next = withTierRules(defaultSlaPolicy(keyAccount(24)), keyAccount(12))!;
    expect(next.version).toBe(2);
    expect(next.rules.map(({ id }) => id)).toEqual(defaultSlaPolicy(keyAccount(24)).rules.map(({ id }) => id));
    expect(next.rules.find(({ id }) => id === 'tier-key_account')?.targets.first_response?.duration).toBe('PT12H');
  });

  it('changes nothing when the entitlements are the same', () => {
    expect(withTierRules(defaultSlaPolicy(keyAccount(24)), keyAccount(24))).toBeNull();
  });

  it('drops the rule of a tier no longer promised a priority response, and adds one before any-request when there was none', () => {
    expect(withTierRules(defaultSlaPolicy(keyAccount(24)), keyAccount(null))!.rules.map(({ id }) => id)).not.toContain('tier-key_account');
    const added = withTierRules(defaultSlaPolicy(keyAccount(null)), keyAccount(24))!.rules.map(({ id }) => id);
    expect(added.slice(-2)).toEqual(['tier-key_account', 'any-request']);
  });
});
