import { z } from 'zod';
import { defineEvent } from '../../define-event.js';
import { entityIdSchema, isoDateTimeSchema } from '../../primitives.js';
import { consentEvidenceSchema, consentPurposeSchema, interactionChannels } from './shared.js';

export const consentGranted = defineEvent({
  type: 'ConsentGranted',
  category: 'customer',
  version: 1,
  description: 'The customer consented to a purpose; the data may be used for it from occurredAt on.',
  schema: z.strictObject({
    customerId: entityIdSchema,
    purpose: consentPurposeSchema,
    evidence: consentEvidenceSchema,
    expiresAt: isoDateTimeSchema.optional(),
  }),
  personalFields: [],
  subject: 'customerId',
});

export const consentWithdrawn = defineEvent({
  type: 'ConsentWithdrawn',
  category: 'customer',
  version: 1,
  description: 'The customer withdrew consent for a purpose; use for it stops at occurredAt.',
  schema: z.strictObject({
    customerId: entityIdSchema,
    purpose: consentPurposeSchema,
    via: z.enum(interactionChannels).describe('channel the withdrawal arrived on'),
  }),
  personalFields: [],
  subject: 'customerId',
});
