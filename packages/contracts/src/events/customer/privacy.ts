import { z } from 'zod';
import { defineEvent } from '../../define-event.js';
import { ERASED } from '../../personal-data.js';
import { entityIdSchema } from '../../primitives.js';
import { interactionChannels } from './shared.js';

export const customerErasureRequested = defineEvent({
  type: 'CustomerErasureRequested',
  category: 'customer',
  version: 1,
  description:
    "The customer asked for their personal data to be erased; honoured by destroying the customer's key " +
    `(crypto-shredding), after which personal fields read as "${ERASED}".`,
  schema: z.strictObject({
    customerId: entityIdSchema,
    requestId: entityIdSchema,
    requestedVia: z.enum(interactionChannels),
  }),
  personalFields: [],
  subject: 'customerId',
});
