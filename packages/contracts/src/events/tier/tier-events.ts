import { z } from 'zod';
import { defineEvent } from '../../define-event.js';
import { decimalSchema, entityIdSchema, isoDateSchema, ratioSchema } from '../../primitives.js';
import { explanationFields, policyRefFields, tierComponents, tierIdSchema, tierRules } from './explanation.js';

export const tierAssigned = defineEvent({
  type: 'TierAssigned',
  category: 'tier',
  version: 1,
  description: 'A customer got a tier for the first time, with the explanation of the decision.',
  schema: z.strictObject({
    customerId: entityIdSchema,
    tier: tierIdSchema,
    rule: z.enum(tierRules).extract(['initial_assignment']),
    ...explanationFields,
  }),
  personalFields: [],
  subject: 'customerId',
});

export const tierChanged = defineEvent({
  type: 'TierChanged',
  category: 'tier',
  version: 1,
  description: 'The computed tier moved up (at once) or down (damped), with the explanation of the decision.',
  schema: z
    .strictObject({
      customerId: entityIdSchema,
      from: tierIdSchema,
      to: tierIdSchema,
      direction: z.enum(['upgrade', 'downgrade']),
      rule: z
        .enum(tierRules)
        .exclude(['initial_assignment'])
        .describe('downgrade_step_limited: the score pointed lower, but a downgrade moves one step at a time'),
      ...explanationFields,
    })
    .refine(({ from, to }) => from !== to, { message: 'from and to must differ', path: ['to'] })
    .refine(({ direction, rule }) => (direction === 'upgrade') === (rule === 'upgrade_immediate'), {
      message: 'rule does not match direction',
      path: ['rule'],
    }),
  personalFields: [],
  subject: 'customerId',
});

export const tierDowngradeWarned = defineEvent({
  type: 'TierDowngradeWarned',
  category: 'tier',
  version: 1,
  description:
    'A review found the customer below their tier; says what keeps the tier before the downgrade is confirmed.',
  schema: z.strictObject({
    customerId: entityIdSchema,
    tier: tierIdSchema,
    projectedTier: tierIdSchema,
    score: ratioSchema,
    keepScore: ratioSchema.describe('score needed at the next review to keep the tier'),
    reviewsBelow: z.int().min(1),
    reviewsToConfirm: z.int().min(1),
    snapshotDate: isoDateSchema.describe('review that found the customer below; consecutive reviews below count up'),
    confirmOn: isoDateSchema.describe('review at which the downgrade is confirmed unless the score recovers'),
    needed: z
      .array(
        z.strictObject({
          component: z.enum(tierComponents),
          current: decimalSchema,
          target: decimalSchema,
        }),
      )
      .min(1)
      .describe('per component, a value that alone would lift the score to keepScore'),
    ...policyRefFields,
  }),
  personalFields: [],
  subject: 'customerId',
});
