import { z } from 'zod';
import { defineEvent } from '../../define-event.js';
import { entityIdSchema, isoDateTimeSchema } from '../../primitives.js';
import { actorIdSchema } from '../case/shared.js';

const subscriptionIdSchema = entityIdSchema.describe('the webhook subscription');
const eventTypeSchema = z.string().regex(/^[A-Z][A-Za-z0-9]{0,99}$/).describe('an event type of the catalogue (docs/events.md)');

/** What outbound derives from events to tell a person (docs/outbound.md, "Notifications to people"). */
export const notificationKinds = ['sla_warning', 'sla_breached', 'case_escalated', 'contact_overdue', 'contact_escalated', 'follow_up_overdue', 'improvement_overdue'] as const;
export type NotificationKind = (typeof notificationKinds)[number];

export const webhookSubscribed = defineEvent({
  type: 'WebhookSubscribed',
  category: 'webhook',
  version: 1,
  description:
    'An admin subscribed a target URL to event types and derived notification kinds; deliveries are signed with the secret, which is sealed with a data key of the subscription\'s own (secretKeyOwner).',
  schema: z.strictObject({
    subscriptionId: subscriptionIdSchema,
    url: z.url({ protocol: /^https?$/ }),
    eventTypes: z.array(eventTypeSchema).max(200).describe('empty when the subscription wants notifications only'),
    notificationKinds: z.array(z.enum(notificationKinds)).max(notificationKinds.length).optional().describe('derived notifications delivered too; absent: none'),
    secret: z.string().min(1).describe('the HMAC-SHA256 key; sealed at rest, never returned by a route'),
    secretKeyOwner: z.string().regex(/^webhook:/).describe('the keyring entry sealing the secret: webhook:<subscriptionId>'),
    subscribedAt: isoDateTimeSchema,
    by: actorIdSchema,
  })
    .refine(({ eventTypes, notificationKinds: kinds }) => eventTypes.length + (kinds?.length ?? 0) > 0, {
      message: 'subscribe to at least one event type or notification kind',
      path: ['eventTypes'],
    }),
  personalFields: ['secret'],
  subject: 'secretKeyOwner',
});

export const webhookDeliveryParked = defineEvent({
  type: 'WebhookDeliveryParked',
  category: 'webhook',
  version: 1,
  description: 'A delivery failed its bounded number of attempts; it waits for a redrive and never goes out of its own accord again.',
  schema: z.strictObject({
    subscriptionId: subscriptionIdSchema,
    deliveryId: z.uuid(),
    eventId: z.uuid(),
    attempts: z.int().min(1),
    lastError: z.string().max(500),
    parkedAt: isoDateTimeSchema,
  }),
  personalFields: [],
  subject: null,
});

export const webhookSubscriptionPaused = defineEvent({
  type: 'WebhookSubscriptionPaused',
  category: 'webhook',
  version: 1,
  description: 'No delivery is attempted until resumed: an admin paused it, or its deliveries kept failing (a parked delivery); new deliveries still queue.',
  schema: z.strictObject({
    subscriptionId: subscriptionIdSchema,
    reason: z.string().min(1).max(500),
    pausedAt: isoDateTimeSchema,
    by: actorIdSchema.describe('the admin, or outbound itself when deliveries kept failing'),
  }),
  personalFields: [],
  subject: null,
});

export const webhookSubscriptionResumed = defineEvent({
  type: 'WebhookSubscriptionResumed',
  category: 'webhook',
  version: 1,
  description: 'Deliveries go out again, each customer\'s in order, starting with the earliest one waiting.',
  schema: z.strictObject({ subscriptionId: subscriptionIdSchema, resumedAt: isoDateTimeSchema, by: actorIdSchema }),
  personalFields: [],
  subject: null,
});
