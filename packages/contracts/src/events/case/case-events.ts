import { z } from 'zod';
import { defineEvent } from '../../define-event.js';
import { entityIdSchema, freeTextSchema, isoDateTimeSchema } from '../../primitives.js';
import {
  actorIdSchema,
  calendarRefSchema,
  caseChannels,
  caseIdentity,
  casePriorities,
  changeSchema,
  caseTypes,
  slaPolicyRefSchema,
  slaTargetSchema,
  tierAtStartSchema,
} from './shared.js';

export const caseOpened = defineEvent({
  type: 'CaseOpened',
  category: 'case',
  version: 1,
  description:
    'A service case or complaint was opened, with the tier at start, the SLA policy rule and calendars it counts on, ' +
    'and the target chosen per metric.',
  schema: z
    .strictObject({
      ...caseIdentity,
      customerId: entityIdSchema,
      channel: z.enum(caseChannels),
      type: z.enum(caseTypes),
      priority: z.enum(casePriorities),
      subject: freeTextSchema,
      openedAt: isoDateTimeSchema.describe('when the customer reached us; an integrator may give an earlier time'),
      openedBy: actorIdSchema,
      source: z
        .strictObject({
          system: z.string().min(1).max(50).describe('helpdesk or call-centre system, e.g. callcentre'),
          externalId: z.string().min(1).max(200).describe("the case's id in that system; opening it again is idempotent"),
        })
        .nullable(),
      tierAtStart: tierAtStartSchema.nullable().describe('null: the customer had no tier then'),
      slaPolicy: slaPolicyRefSchema,
      calendars: z.array(calendarRefSchema).min(1).describe('calendar versions in effect at opening'),
      targets: z.array(slaTargetSchema).min(1),
    })
    .refine(({ targets }) => new Set(targets.map(({ metric }) => metric)).size === targets.length, {
      message: 'one target per metric',
      path: ['targets'],
    }),
  personalFields: ['subject'],
  subject: 'customerId',
});

export const caseReplied = defineEvent({
  type: 'CaseReplied',
  category: 'case',
  version: 1,
  description: 'An agent replied to the customer (visible to them): stops a running first or next response clock.',
  schema: z.strictObject({
    ...caseIdentity,
    customerId: entityIdSchema,
    repliedAt: isoDateTimeSchema,
    by: actorIdSchema,
    body: freeTextSchema,
  }),
  personalFields: ['body'],
  subject: 'customerId',
});

export const caseCustomerWrote = defineEvent({
  type: 'CaseCustomerWrote',
  category: 'case',
  version: 1,
  description: 'The customer wrote again on the case: starts a next response clock when none is running.',
  schema: z.strictObject({
    ...caseIdentity,
    customerId: entityIdSchema,
    receivedAt: isoDateTimeSchema,
    body: freeTextSchema,
  }),
  personalFields: ['body'],
  subject: 'customerId',
});

export const caseNoteAdded = defineEvent({
  type: 'CaseNoteAdded',
  category: 'case',
  version: 1,
  description: 'An internal note, never shown to the customer; stops no clock.',
  schema: z.strictObject({
    ...caseIdentity,
    customerId: entityIdSchema,
    addedAt: isoDateTimeSchema,
    by: actorIdSchema,
    body: freeTextSchema,
  }),
  personalFields: ['body'],
  subject: 'customerId',
});

export const casePriorityChanged = defineEvent({
  type: 'CasePriorityChanged',
  category: 'case',
  version: 1,
  description: 'The priority moved; the clocks keep their start and are rescheduled on the new targets.',
  schema: changeSchema(casePriorities),
  personalFields: [],
  subject: null,
});
