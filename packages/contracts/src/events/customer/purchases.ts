import { z } from 'zod';
import { fitsMinorUnits, minorUnitDigits, minorUnitsToDecimal } from '../../currency.js';
import { defineEvent } from '../../define-event.js';
import {
  currencySchema,
  decimalSchema,
  entityIdSchema,
  freeTextSchema,
  nonNegativeDecimalSchema,
  positiveDecimalSchema,
} from '../../primitives.js';

export const purchaseChannels = ['store', 'online', 'app', 'phone', 'sales_rep', 'partner'] as const;
export type PurchaseChannel = (typeof purchaseChannels)[number];

export const purchaseRecordedV1 = defineEvent({
  type: 'PurchaseRecorded',
  category: 'customer',
  version: 1,
  description: 'An order was paid (first ERP integration: amounts in integer minor units).',
  schema: z.strictObject({
    customerId: entityIdSchema,
    orderId: entityIdSchema,
    amountMinor: z.int().min(0),
    currency: currencySchema,
    marginMinor: z.int().optional(),
    channel: z.enum(purchaseChannels),
  }),
  personalFields: [],
  subject: 'customerId',
});

/**
 * Refuses, naming the field, an amount with more decimals than its currency has minor units
 * (1.234 USD); judged only for fields whose own schema and whose currency passed.
 */
function amountsWithinCurrency<K extends string>(...fields: readonly K[]) {
  return (payload: z.core.ParsePayload<{ currency: string } & Partial<Record<K, string>>>) => {
    const refused = new Set(payload.issues.map((issue) => issue.path?.[0]));
    const { currency } = payload.value;
    if (refused.has('currency')) return;
    for (const field of fields) {
      const amount = payload.value[field];
      if (typeof amount === 'string' && !refused.has(field) && !fitsMinorUnits(amount, currency)) {
        payload.issues.push({ code: 'custom', path: [field], input: amount, message: `${currency} has at most ${minorUnitDigits(currency)} decimals` });
      }
    }
  };
}

const lineSchema = z.strictObject({
  sku: z.string().min(1).max(100),
  quantity: z.int().min(1),
  unitPrice: nonNegativeDecimalSchema,
  amount: nonNegativeDecimalSchema,
});

export const purchaseRecorded = defineEvent({
  type: 'PurchaseRecorded',
  category: 'customer',
  version: 2,
  description: 'An order was paid. Amounts are exact decimals in `currency`, amount and margin with at most its minor-unit digits (2 for CNY); margin may be negative.',
  schema: z
    .strictObject({
      customerId: entityIdSchema,
      orderId: entityIdSchema,
      amount: nonNegativeDecimalSchema.describe('what the customer paid for the order'),
      currency: currencySchema,
      margin: decimalSchema.optional().describe('gross margin of the order, same currency'),
      lines: z.array(lineSchema).min(1).optional(),
      channel: z.enum(purchaseChannels),
    })
    .check(amountsWithinCurrency('amount', 'margin')),
  personalFields: [],
  subject: 'customerId',
  upcastFrom: {
    previous: purchaseRecordedV1,
    change: 'amountMinor and marginMinor (integer minor units) become decimal amount and margin; lines added',
    upcast: ({ amountMinor, marginMinor, ...rest }) => ({
      ...rest,
      amount: minorUnitsToDecimal(amountMinor, rest.currency),
      ...(marginMinor === undefined ? {} : { margin: minorUnitsToDecimal(marginMinor, rest.currency) }),
    }),
  },
});

export const purchaseRefunded = defineEvent({
  type: 'PurchaseRefunded',
  category: 'customer',
  version: 1,
  description: 'Part or all of an order was refunded; amount with at most the minor-unit digits of `currency`.',
  schema: z
    .strictObject({
      customerId: entityIdSchema,
      orderId: entityIdSchema,
      refundId: entityIdSchema,
      amount: positiveDecimalSchema,
      currency: currencySchema,
      reason: freeTextSchema.optional(),
    })
    .check(amountsWithinCurrency('amount')),
  personalFields: ['reason'],
  subject: 'customerId',
});
