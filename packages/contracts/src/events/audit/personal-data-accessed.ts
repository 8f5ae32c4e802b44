import { z } from 'zod';
import { actorSchema } from '../../actor.js';
import { defineEvent } from '../../define-event.js';
import { entityIdSchema, freeTextSchema } from '../../primitives.js';

/** The default of the configured list (`ACCESS_PURPOSES`); an event accepts any purpose slug, so a deployment may add its own. */
export const accessPurposes = [
  'service',
  'complaint_handling',
  'account_management',
  'audit',
  'data_subject_request',
  'legal_obligation',
] as const;
export const accessPurposeSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, 'expected a purpose id: lower case letters, digits and _')
  .describe('why personal data was read: one of the purposes configured when it was read (ACCESS_PURPOSES)');
export type AccessPurpose = z.infer<typeof accessPurposeSchema>;

/**
 * Written to `audit-<customerId>`, not the customer stream, so that reads never move the customer
 * stream's revision and never make a concurrent command retry.
 */
export const personalDataAccessed = defineEvent({
  type: 'PersonalDataAccessed',
  category: 'audit',
  version: 1,
  description: "Someone saw a customer's personal data: who (accessedBy), when (occurredAt), which customer, why.",
  schema: z.strictObject({
    customerId: entityIdSchema,
    accessedBy: actorSchema,
    purpose: accessPurposeSchema,
    view: z.string().min(1).max(200).describe('what was read, e.g. the route or export name'),
    fieldsRevealed: z.array(z.string().min(1).max(100)).min(1),
    justification: freeTextSchema.optional(),
  }),
  personalFields: ['justification'],
  subject: 'customerId',
});
