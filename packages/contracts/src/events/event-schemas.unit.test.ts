import { describe, expect, it } from 'vitest';
import { samples } from '../test-support/samples.js';
import { eventRegistry, type EventType } from './index.js';

const issuesFor = (type: EventType, data: unknown) => {
  const result = eventRegistry.latest(type).schema.safeParse(data);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('event schemas', () => {
  it('has a valid sample for every registered type', () => {
    expect(Object.keys(samples).sort()).toEqual([...eventRegistry.types].sort());
    for (const [type, data] of Object.entries(samples)) {
      expect([type, issuesFor(type as EventType, data)]).toEqual([type, []]);
    }
  });

  it('rejects unknown fields instead of dropping them', () => {
    expect(issuesFor('ConsentGranted', { ...samples.ConsentGranted, purpose2: 'x' })).toHaveLength(1);
  });

  it('takes money only as exact decimal strings', () => {
    const purchase = samples.PurchaseRecorded;
    expect(issuesFor('PurchaseRecorded', { ...purchase, amount: 1299 })).toHaveLength(1);
    expect(issuesFor('PurchaseRecorded', { ...purchase, amount: '1299.000001' })).toHaveLength(1);
    expect(issuesFor('PurchaseRecorded', { ...purchase, amount: '-1.00' })).toHaveLength(1);
    expect(issuesFor('PurchaseRecorded', { ...purchase, margin: '-12.5' })).toEqual([]);
    expect(issuesFor('PurchaseRecorded', { ...purchase, currency: 'rmb' })).toHaveLength(1);
    expect(issuesFor('PurchaseRefunded', { ...samples.PurchaseRefunded, amount: '0.00' })).toHaveLength(1);
  });

  it('needs times with an offset', () => {
    expect(issuesFor('ConsentGranted', { ...samples.ConsentGranted, expiresAt: '2026-06-30T23:59:59' })).toHaveLength(1);
  });

  it('needs service consent evidence to register a customer', () => {
    const { serviceConsent: _, ...withoutConsent } = samples.CustomerRegistered;
    expect(issuesFor('CustomerRegistered', withoutConsent)).toEqual(['serviceConsent: Invalid input: expected object, received undefined']);
  });

  it('checks the rules the types cannot express', () => {
    expect(issuesFor('CustomerProfileUpdated', { customerId: 'C-1', changes: {} })).toEqual([
      'changes: at least one field must change',
    ]);
    expect(issuesFor('CustomersMerged', { ...samples.CustomersMerged, mergedAwayIds: ['C-7', 'C-7'] })).toEqual([
      'mergedAwayIds: merged-away ids must be distinct',
    ]);
    expect(issuesFor('TierChanged', { ...samples.TierChanged, rule: 'downgrade_confirmed' })).toEqual([
      'rule: rule does not match direction',
    ]);
    expect(issuesFor('TierChanged', { ...samples.TierChanged, to: 'standard' })).toEqual(['to: from and to must differ']);
    expect(issuesFor('TierWithdrawn', { ...samples.TierWithdrawn, mergedInto: null })).toEqual([
      'mergedInto: mergedInto is the survivor when merged, and null otherwise',
    ]);
    expect(issuesFor('TierWithdrawn', { ...samples.TierWithdrawn, reason: 'erased' })).toHaveLength(1);
    expect(issuesFor('TierWithdrawn', { ...samples.TierWithdrawn, reason: 'erased', mergedInto: null, tier: null })).toEqual([]);
  });

  it('checks the case rules the types cannot express', () => {
    const opened = samples.CaseOpened;
    expect(issuesFor('CaseOpened', { ...opened, targets: [opened.targets[0]!, opened.targets[0]!] })).toEqual([
      'targets: one target per metric',
    ]);
    expect(issuesFor('CaseOpened', { ...opened, channel: 'fax' })).toHaveLength(1);
    expect(issuesFor('CaseStatusChanged', { ...samples.CaseStatusChanged, to: 'open' })).toEqual(['to: from and to must differ']);
    expect(issuesFor('CaseMerged', { ...samples.CaseMerged, into: 'K-2002' })).toEqual(['into: a case cannot merge into itself']);
    expect(issuesFor('CaseEscalated', { ...samples.CaseEscalated, trigger: 'manual' })).toEqual([
      'metric: metric is the breached metric when trigger is sla_breach, and null otherwise',
    ]);
    expect(issuesFor('SlaClockStarted', { ...samples.SlaClockStarted, target: { ...samples.SlaClockStarted.target, warnAtRatio: 1 } })).toHaveLength(1);
  });

  it('checks a tier policy is coherent', () => {
    const policy = samples.TierPolicyVersionPublished;
    const [first, second] = policy.tiers;
    expect(issuesFor('TierPolicyVersionPublished', { ...policy, components: [{ ...policy.components[0]!, weight: 0.9 }] })).toEqual([
      'components: weights must sum to 1',
    ]);
    expect(issuesFor('TierPolicyVersionPublished', { ...policy, tiers: [second, first] })).toEqual([
      'tiers: minScore must fall',
      'tiers: the lowest tier must start at 0',
    ]);
  });

  it('checks fixed breakpoints rise and percentile components are calibrated', () => {
    const policy = samples.TierPolicyVersionPublished;
    const [monetary, frequency, recency] = policy.components;
    const falling = { ...frequency!, normalisation: { method: 'fixed', breakpoints: [4, 2] } };
    expect(issuesFor('TierPolicyVersionPublished', { ...policy, components: [monetary, falling, recency] })).toEqual([
      'components.1.normalisation.breakpoints: breakpoints must rise strictly',
    ]);
    const { calibration: _, ...uncalibrated } = policy;
    expect(issuesFor('TierPolicyVersionPublished', uncalibrated)).toEqual(['calibration: percentile components need a calibration']);
    const breakpoints = { monetary: [3, 2, 1, 0], tenure: [12] };
    expect(issuesFor('TierPolicyVersionPublished', { ...policy, calibration: { ...policy.calibration, breakpoints } })).toEqual([
      'calibration.breakpoints.monetary: cut points must not fall',
      'calibration.breakpoints.tenure: tenure is not normalised by percentile',
    ]);
  });

  it('lets an override name only tiers of the policy', () => {
    const policy = samples.TierPolicyVersionPublished;
    const override = { ...policy.override, allowedTiers: ['key', 'gold'] };
    expect(issuesFor('TierPolicyVersionPublished', { ...policy, override })).toEqual([
      'override.allowedTiers.1: gold is not a tier of this policy',
    ]);
  });

  it('takes any purpose slug a deployment configures, and the key holder, while older access events stay valid', () => {
    const access = samples.PersonalDataAccessed;
    const holder = { kind: 'person', name: 'Wang Fang' } as const;
    expect(issuesFor('PersonalDataAccessed', { ...access, purpose: 'fraud_review', accessedBy: { ...access.accessedBy, holder } })).toEqual([]);
    expect(issuesFor('PersonalDataAccessed', { ...access, purpose: 'service' })).toEqual([]);
    expect(issuesFor('AccessLogRead', { ...samples.AccessLogRead, purpose: 'internal_audit' })).toEqual([]);
    expect(issuesFor('PersonalDataAccessed', { ...access, purpose: 'Fraud Review' })).toHaveLength(1);
    expect(issuesFor('PersonalDataAccessed', { ...access, accessedBy: { ...access.accessedBy, holder: { kind: 'robot', name: ' x' } } })).toHaveLength(2);
  });
});
