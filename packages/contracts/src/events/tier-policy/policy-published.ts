import { z } from 'zod';
import { defineEvent } from '../../define-event.js';
import { currencySchema, entityIdSchema, isoDateSchema, isoDateTimeSchema, ratioSchema } from '../../primitives.js';
import { tierComponents, tierIdSchema, type TierComponent } from '../tier/explanation.js';
import { overrideReasonCodes } from '../tier/overrides.js';

const weightsSumToOne = (components: readonly { weight: number }[]) =>
  Math.abs(components.reduce((sum, { weight }) => sum + weight, 0) - 1) < 1e-9;

const distinct = <T>(values: readonly T[]) => new Set(values).size === values.length;

const rising = (values: readonly number[], strictly: boolean) =>
  values.every((value, i) => i === 0 || (strictly ? value > values[i - 1]! : value >= values[i - 1]!));

const tierSchema = z.strictObject({
  tier: tierIdSchema,
  label: z.string().min(1).max(100),
  minScore: ratioSchema,
  service: z.strictObject({
    dedicatedManager: z.boolean(),
    priorityResponseHours: z.int().min(1).nullable().describe('null: standard SLA policy applies'),
    onSiteVisitsPerYear: z.int().min(0),
    callbacksPerYear: z.int().min(1),
  }),
});

export const componentNormalisationSchema = z.discriminatedUnion('method', [
  z.strictObject({ method: z.literal('percentile'), buckets: z.int().min(2).max(100) }),
  z.strictObject({
    method: z.literal('fixed'),
    breakpoints: z
      .array(z.number())
      .min(1)
      .max(99)
      .refine((breakpoints) => rising(breakpoints, true), 'breakpoints must rise strictly'),
  }),
]);
export type ComponentNormalisation = z.infer<typeof componentNormalisationSchema>;

export const tierPolicyCalibrationSchema = z.strictObject({
  date: isoDateSchema.describe('snapshot date the active base was measured at'),
  activeBase: z.int().min(1).describe('customers in the active base at that date'),
  breakpoints: z
    .partialRecord(z.enum(tierComponents), z.array(z.number()).max(99))
    .describe(
      'per percentile component, buckets - 1 rising cut points: cut j is the value at the j / buckets quantile of the ' +
        'active base, at position floor(j * n / buckets) from the worst; ties may repeat',
    ),
});
export type TierPolicyCalibration = z.infer<typeof tierPolicyCalibrationSchema>;

/** The policy body an owner writes; the published event adds its id, version and (for percentiles) calibration. */
export const tierPolicyFields = {
  effectiveFrom: isoDateTimeSchema,
  currency: currencySchema.describe('currency the monetary component is measured in'),
  monetaryBasis: z.enum(['margin', 'revenue']).describe('what the monetary component sums, net of refunds'),
  windowMonths: z.int().min(1).max(60).describe('look-back window of the inputs, e.g. 12'),
  activeWithinMonths: z.int().min(1).max(60).describe('the active base: customers who bought within this many months'),
  reviewCadence: z.enum(['weekly', 'monthly', 'quarterly']),
  components: z
    .array(
      z.strictObject({
        component: z.enum(tierComponents),
        weight: ratioSchema,
        normalisation: componentNormalisationSchema.describe(
          'percentile {buckets 2..100; 5 = quintiles} or fixed {breakpoints rising strictly, in the unit of the ' +
            'component, money in minor units of `currency`}; a value at or beyond a breakpoint (at or below, for ' +
            'recency) reaches the next band; normalised = band / number of breakpoints',
        ),
      }),
    )
    .min(1)
    .refine((components) => distinct(components.map(({ component }) => component)), 'components repeat')
    .refine(weightsSumToOne, 'weights must sum to 1')
    .describe('distinct components; weights sum to 1'),
  tiers: z
    .array(tierSchema)
    .min(2)
    .refine((tiers) => distinct(tiers.map(({ tier }) => tier)), 'tiers repeat')
    .refine((tiers) => tiers.every((tier, i) => i === 0 || tier.minScore < tiers[i - 1]!.minScore), {
      message: 'minScore must fall',
    })
    .refine((tiers) => tiers[tiers.length - 1]?.minScore === 0, 'the lowest tier must start at 0')
    .describe('highest tier first; distinct; minScore strictly falling to 0'),
  downgrade: z.strictObject({
    hysteresisGap: ratioSchema.describe('a downgrade needs the score below the threshold minus this gap'),
    confirmationReviews: z.int().min(1).max(12),
    maxStepsDown: z.int().min(1),
    noticeDays: z.int().min(0),
  }),
  override: z.strictObject({
    maxDays: z.int().min(1).max(3660),
    allowedTiers: z.union([z.literal('any'), z.array(tierIdSchema).min(1)]).describe('"any" or a list of tier ids'),
    reasonCodes: z
      .array(z.enum(overrideReasonCodes))
      .min(1)
      .refine(distinct, 'reason codes repeat'),
  }),
  calibration: tierPolicyCalibrationSchema
    .optional()
    .describe('required when a component is normalised by percentile: every decision is reproducible from this event alone'),
};

/** Without the cross-field rules: add them with `tierPolicyIssues` (a refined object cannot be extended). */
export const tierPolicyBodySchema = z.strictObject(tierPolicyFields);
export type TierPolicyBody = z.output<typeof tierPolicyBodySchema>;

export interface TierPolicyIssue {
  readonly path: (string | number)[];
  readonly message: string;
}

/** Cross-field rules of a policy; `requireCalibration` once it is published. */
export function tierPolicyIssues(policy: TierPolicyBody, { requireCalibration }: { requireCalibration: boolean }) {
  const issues: TierPolicyIssue[] = [];
  const tierIds = new Set(policy.tiers.map(({ tier }) => tier));
  if (policy.override.allowedTiers !== 'any') {
    policy.override.allowedTiers.forEach((tier, i) => {
      if (!tierIds.has(tier)) issues.push({ path: ['override', 'allowedTiers', i], message: `${tier} is not a tier of this policy` });
    });
  }
  const percentile = new Map<TierComponent, number>();
  for (const { component, normalisation } of policy.components) {
    if (normalisation.method === 'percentile') percentile.set(component, normalisation.buckets);
  }
  const { calibration } = policy;
  if (!calibration) {
    if (requireCalibration && percentile.size > 0) {
      issues.push({ path: ['calibration'], message: 'percentile components need a calibration' });
    }
    return issues;
  }
  for (const [component, buckets] of percentile) {
    const cuts = calibration.breakpoints[component];
    const path = ['calibration', 'breakpoints', component];
    if (!cuts) issues.push({ path, message: `${component} is normalised by percentile but has no cut points` });
    else if (cuts.length !== buckets - 1) issues.push({ path, message: `${buckets} buckets need ${buckets - 1} cut points` });
    else if (!rising(cuts, false)) issues.push({ path, message: 'cut points must not fall' });
  }
  for (const component of Object.keys(calibration.breakpoints) as TierComponent[]) {
    if (!percentile.has(component)) {
      issues.push({ path: ['calibration', 'breakpoints', component], message: `${component} is not normalised by percentile` });
    }
  }
  return issues;
}

export const tierPolicyVersionPublished = defineEvent({
  type: 'TierPolicyVersionPublished',
  category: 'tierPolicy',
  version: 1,
  description: 'A policy owner published a version of the tier model; it applies to reviews from effectiveFrom on.',
  schema: z
    .strictObject({ policyId: entityIdSchema, policyVersion: z.int().min(1), ...tierPolicyFields })
    .superRefine((policy, ctx) => {
      for (const issue of tierPolicyIssues(policy, { requireCalibration: true })) ctx.addIssue({ code: 'custom', ...issue });
    }),
  personalFields: [],
  subject: null,
});
