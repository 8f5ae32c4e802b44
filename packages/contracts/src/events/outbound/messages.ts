import { z } from 'zod';
import { defineEvent } from '../../define-event.js';
import { entityIdSchema, isoDateTimeSchema } from '../../primitives.js';
import { actorIdSchema } from '../case/shared.js';
import { consentPurposeSchema, messageLocales } from '../customer/shared.js';

/** What outbound writes to customers: a survey invitation, or a lifecycle stage communication. */
export const customerMessageKinds = ['survey_invitation', 'welcome', 'care', 'win_back'] as const;
export type CustomerMessageKind = (typeof customerMessageKinds)[number];
export const customerChannels = ['email', 'sms'] as const;
export type CustomerChannelName = (typeof customerChannels)[number];
export const messageSuppressionReasons = ['no_consent', 'erased', 'merged_away', 'no_address', 'frequency_cap'] as const;
export const messageDeferralReasons = ['quiet_hours'] as const;

const localeText = z.strictObject({
  subject: z.string().min(1).max(200).describe('the e-mail subject (an SMS carries the text only)'),
  text: z.string().min(1).max(4_000).describe('plain text; {{placeholders}} as docs/outbound.md lists per kind'),
});

/** The wording of a message kind in every locale; a published version records it whole. */
export const messageTemplateTextsSchema = z.strictObject(Object.fromEntries(messageLocales.map((locale) => [locale, localeText])) as Record<(typeof messageLocales)[number], typeof localeText>);
export type MessageTemplateTexts = z.infer<typeof messageTemplateTextsSchema>;

export const messageTemplateVersionPublished = defineEvent({
  type: 'MessageTemplateVersionPublished',
  category: 'messageTemplate',
  version: 1,
  description: 'A version of the template of one customer message kind (stream messageTemplate-<kind>), in every locale; each message records the version it was rendered from.',
  schema: z.strictObject({
    kind: z.enum(customerMessageKinds),
    version: z.int().min(1),
    texts: messageTemplateTextsSchema,
    publishedAt: isoDateTimeSchema,
    by: actorIdSchema,
  }),
  personalFields: [],
  subject: null,
});

const messageIdentity = {
  messageId: z.uuid().describe('derived from the triggering event: one message per cause'),
  customerId: entityIdSchema,
  kind: z.enum(customerMessageKinds),
  purpose: consentPurposeSchema.describe('the consent the message needs: survey for invitations, marketing for stage communications'),
  cause: z.strictObject({ type: z.string().min(1).max(100), eventId: z.uuid() }).describe('the event that asked for the message'),
};
const templateUsed = z.strictObject({ kind: z.enum(customerMessageKinds), version: z.int().min(1), locale: z.enum(messageLocales) });

export const customerMessageSent = defineEvent({
  type: 'CustomerMessageSent',
  category: 'message',
  version: 1,
  description: "A message went to the customer (stream message-<customerId>): the provider took it and answered its message id. The address is not recorded; it is the profile's at sentAt.",
  schema: z.strictObject({
    ...messageIdentity,
    template: templateUsed,
    channel: z.enum(customerChannels),
    providerMessageId: z.string().min(1).max(300),
    attempt: z.int().min(1),
    sentAt: isoDateTimeSchema,
  }),
  personalFields: [],
  subject: 'customerId',
});

export const customerMessageFailed = defineEvent({
  type: 'CustomerMessageFailed',
  category: 'message',
  version: 1,
  description: 'An attempt to send a customer message failed (the provider refused it or could not be reached); nextAttemptAt null: no further attempt.',
  schema: z.strictObject({
    ...messageIdentity,
    template: templateUsed,
    channel: z.enum(customerChannels),
    attempt: z.int().min(1),
    reason: z.string().min(1).max(500),
    nextAttemptAt: isoDateTimeSchema.nullable(),
    failedAt: isoDateTimeSchema,
  }),
  personalFields: [],
  subject: 'customerId',
});

export const customerMessageSuppressed = defineEvent({
  type: 'CustomerMessageSuppressed',
  category: 'message',
  version: 1,
  description: 'A customer message was not sent, and why: no consent for its purpose at the time, the customer erased or merged into another, no address to send to, or as many messages of its kind\'s group (marketing, or survey invitations) sent in the rolling window as the frequency cap allows.',
  schema: z.strictObject({
    ...messageIdentity,
    reason: z.enum(messageSuppressionReasons),
    survivorId: entityIdSchema.nullable().describe('for merged_away: the customer the id was merged into'),
    decidedAt: isoDateTimeSchema,
  }),
  personalFields: [],
  subject: 'customerId',
});

export const customerMessageDeferred = defineEvent({
  type: 'CustomerMessageDeferred',
  category: 'message',
  version: 1,
  description: "An attempt fell in the quiet hours of the customer's time zone: nothing was sent, and the attempt is due again at deferredUntil, when it is decided afresh.",
  schema: z.strictObject({
    ...messageIdentity,
    attempt: z.int().min(1),
    reason: z.enum(messageDeferralReasons),
    timeZone: z.string().min(1).max(100).describe('the time zone the quiet hours were read in'),
    deferredUntil: isoDateTimeSchema,
    decidedAt: isoDateTimeSchema,
  }),
  personalFields: [],
  subject: 'customerId',
});
