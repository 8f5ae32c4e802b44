import { z } from 'zod';
import { defineEvent } from '../../define-event.js';
import { entityIdSchema, isoDateSchema, isoDateTimeSchema } from '../../primitives.js';
import { globalPositionSchema } from '../../position.js';
import { tierIdSchema } from '../tier/explanation.js';

/** The churn model a score came from (services/analytics/src/churn/churn-model.json). */
const modelRef = z.strictObject({ id: z.string().min(1).max(100), version: z.int().min(1) });

const scored = {
  customerId: entityIdSchema,
  crossing: z.int().min(1).describe("the customer's crossings of the threshold so far, this one included"),
  score: z.number().min(0).max(1),
  threshold: z.number().min(0).max(1),
  model: modelRef,
  asOf: isoDateSchema.describe('scored from the facts before the start of this day in the business time zone'),
};

export const winBackRequested = defineEvent({
  type: 'WinBackRequested',
  category: 'churn',
  version: 1,
  description:
    "A customer's churn risk crossed the model's threshold (the daily scan): one tier-specific win-back task per crossing, handed to feedback's contact cadence. Ids, scores and positions only.",
  schema: z.strictObject({
    ...scored,
    tier: tierIdSchema.nullable().describe('the tier in force at asOf; null: none'),
    topFactors: z
      .array(z.strictObject({ factor: z.string().min(1).max(50), value: z.number().min(0).max(1), contribution: z.number().min(0).max(1), share: z.number().min(0).max(1).nullable() }))
      .max(3)
      .describe('the largest contributions, largest first'),
    causes: z.array(globalPositionSchema).max(100).describe('global positions of the events behind the top factors (the first 100)'),
    requestedAt: isoDateTimeSchema,
  }),
  personalFields: [],
  subject: 'customerId',
});

export const churnRiskSubsided = defineEvent({
  type: 'ChurnRiskSubsided',
  category: 'churn',
  version: 1,
  description: "A customer's churn risk fell below the threshold again: the next crossing asks for a new win-back task.",
  schema: z.strictObject({ ...scored, subsidedAt: isoDateTimeSchema }),
  personalFields: [],
  subject: 'customerId',
});
