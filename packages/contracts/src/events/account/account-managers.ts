import { z } from 'zod';
import { defineEvent } from '../../define-event.js';
import { entityIdSchema, freeTextSchema, isoDateTimeSchema, printableTextSchema } from '../../primitives.js';
import { actorIdSchema } from '../case/shared.js';
import { tierIdSchema } from '../tier/explanation.js';

export const accountManagerSchema = z.strictObject({
  managerId: entityIdSchema,
  name: printableTextSchema(200),
  team: entityIdSchema.describe('the team that stands in when the manager is absent'),
  capacity: z.int().min(1).max(10_000).describe('customers the manager can hold'),
  languages: z.array(printableTextSchema(10).min(2)).max(20),
  regions: z.array(printableTextSchema(50)).max(50),
});
export type AccountManager = z.infer<typeof accountManagerSchema>;

export const accountManagerRosterFields = {
  managers: z
    .array(accountManagerSchema)
    .min(1)
    .max(1000)
    .refine((managers) => new Set(managers.map(({ managerId }) => managerId)).size === managers.length, 'managerId repeats'),
};

export const accountManagerRosterPublished = defineEvent({
  type: 'AccountManagerRosterPublished',
  category: 'accountRoster',
  version: 1,
  description: 'An admin published a version of the account-manager roster: the managers new assignments are balanced over.',
  schema: z.strictObject({ rosterId: entityIdSchema, version: z.int().min(1), ...accountManagerRosterFields, publishedAt: isoDateTimeSchema, by: actorIdSchema }),
  personalFields: [],
  subject: null,
});

const entitledBy = {
  tier: tierIdSchema,
  tierPolicy: z.strictObject({ policyId: entityIdSchema, policyVersion: z.int().min(1) }),
};

export const accountManagerAssigned = defineEvent({
  type: 'AccountManagerAssigned',
  category: 'account',
  version: 1,
  description:
    "A customer whose tier entitles a dedicated manager got one: the roster's manager with the lowest load for its capacity (then a region the customer is in, then id).",
  schema: z.strictObject({
    customerId: entityIdSchema,
    managerId: entityIdSchema,
    team: entityIdSchema,
    reason: z.enum(['tier_entitles_manager', 'manager_left_roster']),
    ...entitledBy,
    roster: z.strictObject({ rosterId: entityIdSchema, version: z.int().min(1) }),
    load: z.strictObject({ customers: z.int().min(0), capacity: z.int().min(1) }).describe("the chosen manager's portfolio before this customer"),
    region: z.string().min(1).max(100).nullable().optional().describe("the region of the customer's address the choice read (null: none; absent on assignments before regions were read)"),
    assignedAt: isoDateTimeSchema,
  }),
  personalFields: [],
  subject: 'customerId',
});

export const accountManagerReassigned = defineEvent({
  type: 'AccountManagerReassigned',
  category: 'account',
  version: 1,
  description: "An admin gave the customer another manager, with a reason (personal: encrypted with the customer's key).",
  schema: z.strictObject({
    customerId: entityIdSchema,
    from: entityIdSchema,
    managerId: entityIdSchema,
    team: entityIdSchema,
    reason: freeTextSchema,
    reassignedAt: isoDateTimeSchema,
    by: actorIdSchema,
  }),
  personalFields: ['reason'],
  subject: 'customerId',
});

export const accountManagerReleaseScheduled = defineEvent({
  type: 'AccountManagerReleaseScheduled',
  category: 'account',
  version: 1,
  description: "The customer's tier no longer entitles a manager: the manager stays until the tier policy's notice period ends.",
  schema: z.strictObject({
    customerId: entityIdSchema,
    managerId: entityIdSchema,
    tier: tierIdSchema.nullable().describe('the tier now in force; null: withdrawn'),
    noticeDays: z.int().min(0),
    releaseAt: isoDateTimeSchema,
    scheduledAt: isoDateTimeSchema,
  }),
  personalFields: [],
  subject: 'customerId',
});

export const accountManagerReleaseCancelled = defineEvent({
  type: 'AccountManagerReleaseCancelled',
  category: 'account',
  version: 1,
  description: 'The customer came back to a tier with a dedicated manager before the release: the same manager stays.',
  schema: z.strictObject({ customerId: entityIdSchema, managerId: entityIdSchema, ...entitledBy, cancelledAt: isoDateTimeSchema }),
  personalFields: [],
  subject: 'customerId',
});

export const accountManagerReleased = defineEvent({
  type: 'AccountManagerReleased',
  category: 'account',
  version: 1,
  description: 'The notice period after a downgrade ended: the customer has no dedicated manager any more.',
  schema: z.strictObject({ customerId: entityIdSchema, managerId: entityIdSchema, releaseAt: isoDateTimeSchema, releasedAt: isoDateTimeSchema }),
  personalFields: [],
  subject: 'customerId',
});

export const managerAbsenceRecorded = defineEvent({
  type: 'ManagerAbsenceRecorded',
  category: 'managerAbsence',
  version: 1,
  description: "An account manager is away from `from` to `to`: their customers' new cases go to their team meanwhile.",
  schema: z
    .strictObject({ managerId: entityIdSchema, absenceId: entityIdSchema, from: isoDateTimeSchema, to: isoDateTimeSchema, recordedAt: isoDateTimeSchema, by: actorIdSchema })
    .refine(({ from, to }) => Date.parse(from) < Date.parse(to), { message: 'to must be after from', path: ['to'] }),
  personalFields: [],
  subject: null,
});
