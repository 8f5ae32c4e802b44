import { defaultTierPolicy, type TierPolicyDocument } from '../domain/policy.js';

const fixed = (breakpoints: number[]) => ({ method: 'fixed' as const, breakpoints });

/**
 * What a new deployment starts with: the default model with fixed thresholds, since percentile
 * cut points need a customer base to calibrate on. Policy owners publish their own version (and
 * can dry-run a percentile one) once history is loaded.
 */
export const bootstrapPolicy: TierPolicyDocument = {
  ...defaultTierPolicy,
  effectiveFrom: '2000-01-01T00:00:00Z',
  components: [
    { component: 'monetary', weight: 0.35, normalisation: fixed([50_000, 200_000, 500_000, 2_000_000]) },
    { component: 'recency', weight: 0.2, normalisation: fixed([30, 90, 180, 365]) },
    { component: 'frequency', weight: 0.2, normalisation: fixed([2, 4, 8, 16]) },
    { component: 'tenure', weight: 0.1, normalisation: fixed([6, 12, 36, 60]) },
    { component: 'interaction_frequency', weight: 0.1, normalisation: fixed([2, 4, 8, 16]) },
    { component: 'repeat_purchase', weight: 0.05, normalisation: fixed([0.2, 0.4, 0.6, 0.8]) },
  ],
};
