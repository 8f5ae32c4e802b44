import { z } from 'zod';
import { currencySchema, decimalSchema, entityIdSchema, isoDateSchema, ratioSchema } from '../../primitives.js';

export const tierIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,31}$/)
  .meta({ title: 'TierId' });

export const tierComponents = [
  'recency',
  'frequency',
  'monetary',
  'tenure',
  'repeat_purchase',
  'interaction_frequency',
] as const;
export type TierComponent = (typeof tierComponents)[number];

export type ComponentUnit = 'days' | 'count' | 'money' | 'months' | 'ratio';

export function componentUnit(component: TierComponent): ComponentUnit {
  switch (component) {
    case 'recency':
      return 'days';
    case 'frequency':
    case 'interaction_frequency':
      return 'count';
    case 'monetary':
      return 'money';
    case 'tenure':
      return 'months';
    case 'repeat_purchase':
      return 'ratio';
    default: {
      const unexpected: never = component;
      throw new Error(`unknown tier component ${String(unexpected)}`);
    }
  }
}

/** Recency counts in days since the last purchase: fewer is better. Every other component: more is better. */
export function lowerIsBetter(component: TierComponent): boolean {
  return component === 'recency';
}

export const tierRules = [
  'initial_assignment',
  'upgrade_immediate',
  'downgrade_confirmed',
  'downgrade_step_limited',
] as const;
export type TierRule = (typeof tierRules)[number];

export const componentScoreSchema = z.strictObject({
  component: z.enum(tierComponents),
  value: decimalSchema.describe('raw input in the unit of componentUnit(component); money in `currency`'),
  normalised: ratioSchema,
  weight: ratioSchema,
});
export type ComponentScore = z.infer<typeof componentScoreSchema>;

export const tierThresholdSchema = z.strictObject({ tier: tierIdSchema, minScore: ratioSchema });

export const policyRefFields = {
  policyId: entityIdSchema,
  policyVersion: z.int().min(1),
};

/** With the rule fired, everything an auditor needs to recompute a tier decision. */
export const explanationFields = {
  score: ratioSchema.describe('sum of weight x normalised over the components'),
  components: z.array(componentScoreSchema).min(1),
  thresholds: z.array(tierThresholdSchema).min(1),
  currency: currencySchema,
  snapshotDate: isoDateSchema.describe('review date the inputs were measured at'),
  ...policyRefFields,
};
