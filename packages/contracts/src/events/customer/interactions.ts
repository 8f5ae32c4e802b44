import { z } from 'zod';
import { defineEvent } from '../../define-event.js';
import { entityIdSchema, freeTextSchema } from '../../primitives.js';
import { interactionChannels } from './shared.js';

export const interactionKinds = [
  'inquiry',
  'complaint',
  'service_request',
  'callback',
  'visit',
  'survey',
  'other',
] as const;
export type InteractionKind = (typeof interactionKinds)[number];

const identity = { customerId: entityIdSchema, interactionId: entityIdSchema };

const details = {
  kind: z.enum(interactionKinds),
  direction: z.enum(['inbound', 'outbound']),
  note: freeTextSchema.optional(),
};

export const interactionRecordedV1 = defineEvent({
  type: 'InteractionRecorded',
  category: 'customer',
  version: 1,
  description: 'A contact with the customer on some channel (web portal era: channel "web").',
  schema: z.strictObject({
    ...identity,
    channel: z.enum(['phone', 'web', 'email', 'walk_in', 'social', 'app']),
    ...details,
  }),
  personalFields: ['note'],
  subject: 'customerId',
});

export const interactionRecorded = defineEvent({
  type: 'InteractionRecorded',
  category: 'customer',
  version: 2,
  description: 'A contact with the customer on some channel; counts towards demand frequency.',
  schema: z.strictObject({ ...identity, channel: z.enum(interactionChannels), ...details }),
  personalFields: ['note'],
  subject: 'customerId',
  upcastFrom: {
    previous: interactionRecordedV1,
    change: 'channel "web" renamed "online" (web portal, chat and online forms)',
    upcast: ({ channel, ...rest }) => ({ ...rest, channel: channel === 'web' ? ('online' as const) : channel }),
  },
});
