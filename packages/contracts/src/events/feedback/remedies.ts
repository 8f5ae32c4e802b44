import { z } from 'zod';
import { fitsMinorUnits, minorUnitDigits } from '../../currency.js';
import { defineEvent } from '../../define-event.js';
import { currencySchema, entityIdSchema, isoDateTimeSchema, nonNegativeDecimalSchema, positiveDecimalSchema } from '../../primitives.js';
import { actorIdSchema } from '../case/shared.js';

export const remedyKinds = ['refund', 'voucher', 'replacement', 'goodwill'] as const;
export type RemedyKind = (typeof remedyKinds)[number];

const remedyIdentity = { caseId: entityIdSchema, customerId: entityIdSchema, remedyId: entityIdSchema };

export const remedyRequested = defineEvent({
  type: 'RemedyRequested',
  category: 'complaint',
  version: 1,
  description:
    'A remedy offered on a complaint, against an order: compared in the reporting currency with the discretion band ' +
    '(bandPercent of the order value); within it the agent settles it, above it waits for a manager’s approval.',
  schema: z
    .strictObject({
      ...remedyIdentity,
      kind: z.enum(remedyKinds),
      amount: positiveDecimalSchema,
      currency: currencySchema,
      orderId: entityIdSchema,
      orderAmount: nonNegativeDecimalSchema.describe("the order's amount as intake recorded it"),
      orderCurrency: currencySchema,
      reportingCurrency: currencySchema,
      amountReporting: nonNegativeDecimalSchema.describe('the remedy in the reporting currency'),
      limitReporting: nonNegativeDecimalSchema.describe('bandPercent of the order value, in the reporting currency'),
      bandPercent: z.number().min(0).max(100),
      needsApproval: z.boolean(),
      requestedAt: isoDateTimeSchema,
      by: actorIdSchema,
    })
    .check((payload) => {
      const { amount, currency } = payload.value;
      if (typeof amount === 'string' && /^[A-Z]{3}$/.test(currency) && !fitsMinorUnits(amount, currency)) {
        payload.issues.push({ code: 'custom', path: ['amount'], input: amount, message: `${currency} has at most ${minorUnitDigits(currency)} decimals` });
      }
    }),
  personalFields: [],
  subject: 'customerId',
});

export const remedyApproved = defineEvent({
  type: 'RemedyApproved',
  category: 'complaint',
  version: 1,
  description: 'A manager approved a remedy above the discretion band.',
  schema: z.strictObject({ ...remedyIdentity, approvedAt: isoDateTimeSchema, by: actorIdSchema }),
  personalFields: [],
  subject: 'customerId',
});

export const remedyRejected = defineEvent({
  type: 'RemedyRejected',
  category: 'complaint',
  version: 1,
  description: 'A manager rejected a remedy above the discretion band; it is not settled.',
  schema: z.strictObject({ ...remedyIdentity, rejectedAt: isoDateTimeSchema, by: actorIdSchema, reason: z.string().min(1).max(500) }),
  personalFields: [],
  subject: 'customerId',
});

export const remedySettled = defineEvent({
  type: 'RemedySettled',
  category: 'complaint',
  version: 1,
  description: 'The remedy was granted: by the agent within the band, or on a manager’s approval above it.',
  schema: z.strictObject({
    ...remedyIdentity,
    kind: z.enum(remedyKinds),
    amount: positiveDecimalSchema,
    currency: currencySchema,
    settledAt: isoDateTimeSchema,
    by: actorIdSchema,
  }),
  personalFields: [],
  subject: 'customerId',
});
