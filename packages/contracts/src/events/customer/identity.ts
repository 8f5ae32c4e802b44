import { z } from 'zod';
import { defineEvent } from '../../define-event.js';
import { emailSchema, entityIdSchema, isoDateSchema, phoneSchema } from '../../primitives.js';
import { addressPersonalFields, addressSchema, consentEvidenceSchema, localeSchema } from './shared.js';

const nameSchema = z.string().min(1).max(200);

export const customerRegistered = defineEvent({
  type: 'CustomerRegistered',
  category: 'customer',
  version: 1,
  description: 'An integrator introduced a customer, with evidence of consent for the service purpose.',
  schema: z.strictObject({
    customerId: entityIdSchema,
    kind: z.enum(['person', 'organisation']),
    name: nameSchema,
    email: emailSchema.optional(),
    phone: phoneSchema.optional(),
    address: addressSchema.optional(),
    locale: localeSchema.optional(),
    customerSince: isoDateSchema.describe('start of the relationship, for tenure; may predate registration'),
    source: z.strictObject({
      system: z.string().min(1).max(50).describe('integrator that registered the customer, e.g. erp'),
      externalId: z.string().min(1).max(200).describe("the customer's id in that system"),
    }),
    serviceConsent: consentEvidenceSchema,
  }),
  // source.externalId identifies the person in the integrator's system: personal, so encrypted and shredded with the rest.
  personalFields: ['name', 'email', 'phone', ...addressPersonalFields('address'), 'source.externalId'],
  subject: 'customerId',
});

const nullableChange = <T extends z.ZodType>(schema: T) => schema.nullable().optional();

export const customerProfileUpdated = defineEvent({
  type: 'CustomerProfileUpdated',
  category: 'customer',
  version: 1,
  description: 'Profile fields changed; an absent field is unchanged, null removes it.',
  schema: z.strictObject({
    customerId: entityIdSchema,
    changes: z
      .strictObject({
        name: nameSchema.optional(),
        email: nullableChange(emailSchema),
        phone: nullableChange(phoneSchema),
        address: nullableChange(addressSchema),
        locale: nullableChange(localeSchema),
      })
      .refine((changes) => Object.keys(changes).length > 0, 'at least one field must change')
      .describe('at least one field'),
  }),
  personalFields: ['changes.name', 'changes.email', 'changes.phone', ...addressPersonalFields('changes.address')],
  subject: 'customerId',
});

export const customersMerged = defineEvent({
  type: 'CustomersMerged',
  category: 'customer',
  version: 1,
  description:
    "Duplicate identities were merged into the survivor, on whose stream this is written. Merged-away customers' " +
    'personal data stays under their own keys; their later facts belong to the survivor.',
  schema: z.strictObject({
    survivorId: entityIdSchema,
    mergedAwayIds: z
      .array(entityIdSchema)
      .min(1)
      .max(50)
      .refine((ids) => new Set(ids).size === ids.length, 'merged-away ids must be distinct')
      .describe('distinct; intake refuses the survivor among them (rule merge_into_itself)'),
    matchedOn: z.array(z.enum(['email', 'phone', 'external_id', 'manual_review'])).min(1),
  }),
  personalFields: [],
  subject: 'survivorId',
});

export const customerMergedInto = defineEvent({
  type: 'CustomerMergedInto',
  category: 'customer',
  version: 1,
  description:
    "Written by intake on each merged-away customer's stream when a CustomersMerged is accepted: later facts sent " +
    'for this id land on the survivor. Not accepted from integrators.',
  schema: z.strictObject({
    customerId: entityIdSchema,
    survivorId: entityIdSchema,
    mergeEventId: z.uuid().describe('the CustomersMerged event on the survivor stream'),
  }),
  personalFields: [],
  subject: 'customerId',
});
