import { z } from 'zod';
import { defineEvent } from '../../define-event.js';
import { ERASED } from '../../personal-data.js';
import { entityIdSchema, isoDateTimeSchema } from '../../primitives.js';
import { globalPositionSchema } from '../../position.js';

/** Written to `audit-<customerId>` by intake once the erasure request is honoured: the proof, kept after the data is gone. */
export const customerErased = defineEvent({
  type: 'CustomerErased',
  category: 'audit',
  version: 1,
  description:
    'An erasure request was honoured: the data keys of the customer and of every id merged into it are destroyed, so each ' +
    `personal field of theirs, in every service's events and on Kafka (ciphertext only), reads "${ERASED}"; ` +
    'read models keep no personal field (docs/security.md). Names the request, where it is stored, whose keys went and their key ids.',
  schema: z.strictObject({
    customerId: entityIdSchema,
    requestId: entityIdSchema,
    requestEventId: z.uuid(),
    requestPosition: globalPositionSchema.describe('the global position of the stored CustomerErasureRequested'),
    requestedAt: isoDateTimeSchema,
    keysDestroyed: z.array(entityIdSchema).min(1).describe('the customer ids whose data keys are destroyed: the customer and every id merged into it'),
    destroyedKeys: z
      .array(z.strictObject({ customerId: entityIdSchema, keyId: z.uuid() }))
      .optional()
      .describe(
        'each destroyed data key by id: the `<key id>` of every `enc:v1:<key id>:...` field it sealed, now unreadable; ' +
          'GET /v1/audit/customers/{id}/erasure (analytics) lists those fields. Absent in proofs stored before it was added',
      ),
  }),
  personalFields: [],
  subject: 'customerId',
});
