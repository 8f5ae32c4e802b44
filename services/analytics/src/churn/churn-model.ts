import { z } from 'zod';
import document from './churn-model.json' with { type: 'json' };

export const factorNames = ['recencyDrift', 'frequencyDecline', 'spendDecline', 'refunds', 'slaBreaches', 'complaints', 'poorSurveys', 'overdueContacts'] as const;
export type FactorName = (typeof factorNames)[number];

const factorSchema = z.strictObject({
  weight: z.number().min(0).max(1),
  signal: z.enum(['purchase', 'service']),
  formula: z.string(),
  parameters: z.record(z.string(), z.number()),
});

const modelSchema = z
  .strictObject({
    id: z.string(),
    version: z.int().min(1),
    kind: z.literal('weighted-sum'),
    description: z.string(),
    threshold: z.number().min(0).max(1),
    factors: z.strictObject(Object.fromEntries(factorNames.map((name) => [name, factorSchema])) as Record<FactorName, typeof factorSchema>),
  })
  .refine(({ factors }) => Math.abs(Object.values(factors).reduce((sum, { weight }) => sum + weight, 0) - 1) < 1e-9, 'the weights sum to 1');

export type ChurnModel = z.infer<typeof modelSchema>;

/** The versioned model document (churn-model.json), checked once as the module loads. */
export const churnModel: ChurnModel = modelSchema.parse(document);

/** A factor's parameter, named in the model document. */
export function parameterOf(model: ChurnModel, factor: FactorName, name: string): number {
  const value = model.factors[factor].parameters[name];
  if (value === undefined) throw new Error(`churn model ${model.version}: ${factor} has no parameter ${name}`);
  return value;
}
