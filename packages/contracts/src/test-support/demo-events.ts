import { z } from 'zod';
import { defineEvent } from '../define-event.js';

/** A made-up event with three versions, to exercise the registry apart from the real catalogue. */
export const noteV1 = defineEvent({
  type: 'NoteTaken',
  category: 'customer',
  version: 1,
  description: 'A note.',
  schema: z.strictObject({ customerId: z.string(), text: z.string() }),
  personalFields: ['text'],
  subject: 'customerId',
});

export const noteV2 = defineEvent({
  type: 'NoteTaken',
  category: 'customer',
  version: 2,
  description: 'A note with a topic.',
  schema: z.strictObject({ customerId: z.string(), text: z.string(), topic: z.string() }),
  personalFields: ['text'],
  subject: 'customerId',
  upcastFrom: { previous: noteV1, change: 'topic added', upcast: (data) => ({ ...data, topic: 'general' }) },
});

export const noteV3 = defineEvent({
  type: 'NoteTaken',
  category: 'customer',
  version: 3,
  description: 'A note with a topic and a body.',
  schema: z.strictObject({ customerId: z.string(), body: z.strictObject({ text: z.string() }), topic: z.string() }),
  personalFields: ['body.text'],
  subject: 'customerId',
  upcastFrom: {
    previous: noteV2,
    change: 'text moved to body.text',
    upcast: ({ text, ...rest }) => ({ ...rest, body: { text } }),
  },
});
