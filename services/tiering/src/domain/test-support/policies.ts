import type { TierComponent } from '@ctp/contracts';
import type { ComponentValues } from '../component-values.js';
import { defaultTierPolicy, type TierPolicy } from '../policy.js';

const fixed = (...breakpoints: number[]) => ({ method: 'fixed' as const, breakpoints });

/** Fixed bands, so a test picks a score by picking bands: score = (0.5 m + 0.3 f + 0.2 r) / 4. */
export const testPolicy: TierPolicy = {
  ...defaultTierPolicy,
  policyId: 'standard',
  policyVersion: 1,
  components: [
    { component: 'monetary', weight: 0.5, normalisation: fixed(100_000, 500_000, 1_000_000, 5_000_000) },
    { component: 'frequency', weight: 0.3, normalisation: fixed(2, 4, 8, 16) },
    { component: 'recency', weight: 0.2, normalisation: fixed(30, 90, 180, 365) },
  ],
  override: { maxDays: 90, allowedTiers: ['key_account', 'gold'], reasonCodes: ['key_account_contract', 'service_recovery'] },
};

const valueInBand: Partial<Record<TierComponent, readonly number[]>> = {
  monetary: [0, 100_000, 500_000, 1_000_000, 5_000_000],
  frequency: [0, 2, 4, 8, 16],
  recency: [400, 365, 180, 90, 30],
};

export const noValues: ComponentValues = {
  recency: 400,
  frequency: 0,
  monetary: 0,
  tenure: 0,
  repeat_purchase: 0,
  interaction_frequency: 0,
};

/** Values in bands 0..4 of the test policy's monetary, frequency and recency. */
export function valuesInBands(monetary: number, frequency: number, recency: number): ComponentValues {
  const pick = (component: TierComponent, band: number) => valueInBand[component]![band]!;
  return {
    ...noValues,
    monetary: pick('monetary', monetary),
    frequency: pick('frequency', frequency),
    recency: pick('recency', recency),
  };
}

/** Scores 1, 0.75 (key's keep score), 0.675, 0.5 and 0.25 under the test policy. */
export const scores = {
  key: valuesInBands(4, 4, 4),
  keyWithinGap: valuesInBands(3, 3, 3),
  gold: valuesInBands(3, 2, 3),
  silver: valuesInBands(2, 2, 2),
  standard: valuesInBands(1, 1, 1),
};
