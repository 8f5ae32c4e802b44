import { z } from 'zod';
import { actorSchema } from '../../actor.js';
import { defineEvent } from '../../define-event.js';
import { entityIdSchema, isoDateTimeSchema } from '../../primitives.js';
import { accessPurposeSchema } from './personal-data-accessed.js';

/** Written to `audit-access-log`: reading who saw whom is itself on record, with what was asked and what was shown. */
export const accessLogRead = defineEvent({
  type: 'AccessLogRead',
  category: 'audit',
  version: 1,
  description: 'Someone read the access log (who saw whose personal data) or its unusual-access report: who, why, what was asked, how many entries and which customers were shown.',
  schema: z.strictObject({
    accessedBy: actorSchema,
    purpose: accessPurposeSchema,
    view: z.string().min(1).max(200).describe('the route read'),
    query: z.strictObject({
      customer: entityIdSchema.optional(),
      actor: z.string().min(1).max(200).optional(),
      holder: z.string().min(1).max(200).optional().describe('the key holder asked for'),
      from: isoDateTimeSchema.optional(),
      to: isoDateTimeSchema.optional(),
    }),
    entries: z.int().min(0),
    customersShown: z.array(entityIdSchema).max(1000).describe('the customers whose accesses the answer listed (ids only)'),
    at: isoDateTimeSchema,
  }),
  personalFields: [],
  subject: null,
});
