import { eventRegistry } from '@ctp/contracts';
import { describe, expect, it } from 'vitest';
import { calibrate } from './calibrate.js';
import { defaultTierPolicy, tierPolicyDocumentSchema, validatePolicySemantics } from './policy.js';
import { noValues } from './test-support/policies.js';

const issues = (document: unknown) => {
  const parsed = tierPolicyDocumentSchema.safeParse(document);
  return parsed.success ? [] : parsed.error.issues.map(({ path, message }) => `${path.join('.')}: ${message}`);
};

describe('given the default policy', () => {
  it('when validated as a document then it passes the schema and the semantic rules', () => {
    expect(issues(defaultTierPolicy)).toEqual([]);
    expect(validatePolicySemantics(defaultTierPolicy)).toEqual([]);
  });

  it('when calibrated and published then the event contract accepts it', () => {
    const calibration = calibrate(defaultTierPolicy, [noValues, { ...noValues, frequency: 3 }], '2025-03-01');
    const published = { policyId: 'standard', policyVersion: 1, ...defaultTierPolicy, calibration };
    expect(() => eventRegistry.parseData('TierPolicyVersionPublished', 1, published)).not.toThrow();
  });

  it('when published without its calibration then the event contract refuses it', () => {
    expect(() => eventRegistry.parseData('TierPolicyVersionPublished', 1, { policyId: 'p', policyVersion: 1, ...defaultTierPolicy })).toThrow();
  });
});

describe('given an edited policy document', () => {
  it('when the override names an unknown tier then the schema says where', () => {
    const override = { ...defaultTierPolicy.override, allowedTiers: ['gold', 'vip'] };
    expect(issues({ ...defaultTierPolicy, override })).toEqual(['override.allowedTiers.1: vip is not a tier of this policy']);
  });

  it('when it carries policyId or unknown fields then the schema refuses them', () => {
    expect(issues({ ...defaultTierPolicy, policyId: 'x' })).toHaveLength(1);
  });

  it('when the hysteresis gap is as wide as a tier band then the semantic rules say so', () => {
    const downgrade = { ...defaultTierPolicy.downgrade, hysteresisGap: 0.2 };
    expect(validatePolicySemantics({ ...defaultTierPolicy, downgrade }).map(({ path }) => path)).toEqual(['downgrade.hysteresisGap']);
  });

  it('when fixed breakpoints lie outside what the component can measure then the semantic rules say so', () => {
    const components = defaultTierPolicy.components.map((entry) =>
      entry.component === 'repeat_purchase' || entry.component === 'recency'
        ? { ...entry, normalisation: { method: 'fixed' as const, breakpoints: [-1, 1.5] } }
        : entry,
    );
    expect(validatePolicySemantics({ ...defaultTierPolicy, components })).toEqual([
      { path: 'components.1.normalisation.breakpoints', message: 'recency is never negative' },
      { path: 'components.5.normalisation.breakpoints', message: 'repeat_purchase lies in 0..1' },
    ]);
  });
});
