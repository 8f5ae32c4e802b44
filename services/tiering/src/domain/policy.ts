import {
  componentUnit,
  overrideReasonCodes,
  tierPolicyBodySchema,
  tierPolicyIssues,
  type EventData,
  type TierComponent,
  type TierPolicyBody,
} from '@ctp/contracts';

/** What an admin PUTs: the published policy without the id and version the service assigns. */
export type TierPolicyDocument = TierPolicyBody;

/** A published, calibrated policy version: what every decision is made (and explained) with. */
export type TierPolicy = EventData<'TierPolicyVersionPublished'>;

/** The parts of a policy a score needs; a calibrated document and a published policy both qualify. */
export type ScoringPolicy = Pick<TierPolicyDocument, 'components' | 'calibration' | 'tiers' | 'currency'>;

export const tierPolicyDocumentSchema = tierPolicyBodySchema.superRefine((document, ctx) => {
  for (const issue of tierPolicyIssues(document, { requireCalibration: false })) ctx.addIssue({ code: 'custom', ...issue });
});

export interface PolicyProblem {
  readonly path: string;
  readonly message: string;
}

/** Rules beyond the contract: a policy that passes the schema but would tier customers absurdly. */
export function validatePolicySemantics(document: TierPolicyDocument): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const bands = document.tiers.slice(1).map((tier, i) => document.tiers[i]!.minScore - tier.minScore);
  const narrowest = Math.min(...bands);
  if (document.downgrade.hysteresisGap >= narrowest - 1e-9) {
    problems.push({
      path: 'downgrade.hysteresisGap',
      message: `must be smaller than the narrowest tier band (${narrowest.toFixed(4)}), or a customer below the next tier keeps this one`,
    });
  }
  document.components.forEach(({ component, normalisation }, i) => {
    if (normalisation.method !== 'fixed') return;
    const [lowest, highest] = domainOf(component);
    if (normalisation.breakpoints.some((breakpoint) => breakpoint < lowest || breakpoint > highest)) {
      const message = highest === Infinity ? `${component} is never negative` : `${component} lies in ${lowest}..${highest}`;
      problems.push({ path: `components.${i}.normalisation.breakpoints`, message });
    }
  });
  return problems;
}

function domainOf(component: TierComponent): [number, number] {
  switch (componentUnit(component)) {
    case 'ratio':
      return [0, 1];
    case 'money':
      return [-Infinity, Infinity];
    default:
      return [0, Infinity];
  }
}

const quintiles = { method: 'percentile', buckets: 5 } as const;

export const defaultTierPolicy: TierPolicyDocument = {
  effectiveFrom: '2025-01-01T00:00:00+08:00',
  currency: 'CNY',
  monetaryBasis: 'margin',
  windowMonths: 12,
  activeWithinMonths: 12,
  reviewCadence: 'monthly',
  components: [
    { component: 'monetary', weight: 0.35, normalisation: quintiles },
    { component: 'recency', weight: 0.2, normalisation: quintiles },
    { component: 'frequency', weight: 0.2, normalisation: quintiles },
    { component: 'tenure', weight: 0.1, normalisation: quintiles },
    { component: 'interaction_frequency', weight: 0.1, normalisation: quintiles },
    { component: 'repeat_purchase', weight: 0.05, normalisation: quintiles },
  ],
  tiers: [
    {
      tier: 'key_account',
      label: 'Key account',
      minScore: 0.8,
      service: { dedicatedManager: true, priorityResponseHours: 24, onSiteVisitsPerYear: 4, callbacksPerYear: 12 },
    },
    {
      tier: 'gold',
      label: 'Gold',
      minScore: 0.6,
      service: { dedicatedManager: false, priorityResponseHours: 48, onSiteVisitsPerYear: 1, callbacksPerYear: 6 },
    },
    {
      tier: 'silver',
      label: 'Silver',
      minScore: 0.35,
      service: { dedicatedManager: false, priorityResponseHours: 72, onSiteVisitsPerYear: 0, callbacksPerYear: 4 },
    },
    {
      tier: 'standard',
      label: 'Standard',
      minScore: 0,
      service: { dedicatedManager: false, priorityResponseHours: null, onSiteVisitsPerYear: 0, callbacksPerYear: 1 },
    },
  ],
  downgrade: { hysteresisGap: 0.05, confirmationReviews: 2, maxStepsDown: 1, noticeDays: 14 },
  override: { maxDays: 180, allowedTiers: 'any', reasonCodes: [...overrideReasonCodes] },
};
