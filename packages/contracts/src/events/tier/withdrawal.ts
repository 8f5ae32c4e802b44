import { z } from 'zod';
import { defineEvent } from '../../define-event.js';
import { entityIdSchema } from '../../primitives.js';
import { tierIdSchema } from './explanation.js';

export const tierWithdrawalReasons = ['merged', 'erased'] as const;
export type TierWithdrawalReason = (typeof tierWithdrawalReasons)[number];

export const tierWithdrawn = defineEvent({
  type: 'TierWithdrawn',
  category: 'tier',
  version: 1,
  description:
    'The customer id no longer stands for a customer of its own: merged into another (whose tier counts from then on) ' +
    'or erased. The tier leaves the tier base; no decision follows on this stream.',
  schema: z
    .strictObject({
      customerId: entityIdSchema,
      tier: tierIdSchema.nullable().describe('the tier served until then (an override’s, else the computed one)'),
      reason: z.enum(tierWithdrawalReasons),
      mergedInto: entityIdSchema.nullable().describe('the survivor when merged, else null'),
    })
    .refine(({ reason, mergedInto }) => (reason === 'merged') === (mergedInto !== null), {
      message: 'mergedInto is the survivor when merged, and null otherwise',
      path: ['mergedInto'],
    }),
  personalFields: [],
  subject: 'customerId',
});
