import { z } from 'zod';
import { defineEvent } from '../../define-event.js';
import { currencySchema, entityIdSchema, isoDateTimeSchema, ratioSchema } from '../../primitives.js';
import { tierComponents, tierIdSchema } from '../tier/explanation.js';

const weightsSumToOne = (components: readonly { weight: number }[]) =>
  Math.abs(components.reduce((sum, { weight }) => sum + weight, 0) - 1) < 1e-9;

const distinct = <T>(values: readonly T[]) => new Set(values).size === values.length;

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

export const tierPolicyVersionPublished = defineEvent({
  type: 'TierPolicyVersionPublished',
  category: 'tierPolicy',
  version: 1,
  description: 'A policy owner published a version of the tier model; it applies to reviews from effectiveFrom on.',
  schema: z.strictObject({
    policyId: entityIdSchema,
    policyVersion: z.int().min(1),
    effectiveFrom: isoDateTimeSchema,
    currency: currencySchema.describe('currency the monetary component is measured in'),
    windowMonths: z.int().min(1).max(60).describe('look-back window of the inputs, e.g. 12'),
    reviewCadence: z.enum(['weekly', 'monthly', 'quarterly']),
    components: z
      .array(z.strictObject({ component: z.enum(tierComponents), weight: ratioSchema }))
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
  }),
  personalFields: [],
  subject: null,
});
