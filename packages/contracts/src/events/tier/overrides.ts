import { z } from 'zod';
import { actorSchema } from '../../actor.js';
import { defineEvent } from '../../define-event.js';
import { entityIdSchema, freeTextSchema, isoDateTimeSchema } from '../../primitives.js';
import { tierIdSchema } from './explanation.js';

export const overrideReasonCodes = [
  'key_account_contract',
  'service_recovery',
  'data_correction',
  'strategic',
  'other',
] as const;
export type OverrideReasonCode = (typeof overrideReasonCodes)[number];

export const tierOverridden = defineEvent({
  type: 'TierOverridden',
  category: 'tier',
  version: 1,
  description: 'A person set the tier by hand until expiresAt; the computed tier keeps being tracked underneath.',
  schema: z.strictObject({
    customerId: entityIdSchema,
    overrideId: entityIdSchema,
    tier: tierIdSchema,
    computedTier: tierIdSchema.nullable().describe('tier the model gives at this moment'),
    reasonCode: z.enum(overrideReasonCodes),
    reason: freeTextSchema,
    overriddenBy: actorSchema,
    expiresAt: isoDateTimeSchema,
  }),
  personalFields: ['reason'],
  subject: 'customerId',
});

export const tierOverrideExpired = defineEvent({
  type: 'TierOverrideExpired',
  category: 'tier',
  version: 1,
  description: 'An override reached its expiry; the computed tier applies again.',
  schema: z.strictObject({
    customerId: entityIdSchema,
    overrideId: entityIdSchema,
    tier: tierIdSchema.describe('the tier the override had set'),
    revertedTo: tierIdSchema.nullable(),
  }),
  personalFields: [],
  subject: 'customerId',
});
