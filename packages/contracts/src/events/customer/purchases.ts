import { z } from 'zod';
import { minorUnitsToDecimal } from '../../currency.js';
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
  description: 'An order was paid. Amounts are exact decimals in `currency`; margin may be negative.',
  schema: z.strictObject({
    customerId: entityIdSchema,
    orderId: entityIdSchema,
    amount: nonNegativeDecimalSchema.describe('what the customer paid for the order'),
    currency: currencySchema,
    margin: decimalSchema.optional().describe('gross margin of the order, same currency'),
    lines: z.array(lineSchema).min(1).optional(),
    channel: z.enum(purchaseChannels),
  }),
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
  description: 'Part or all of an order was refunded.',
  schema: z.strictObject({
    customerId: entityIdSchema,
    orderId: entityIdSchema,
    refundId: entityIdSchema,
    amount: positiveDecimalSchema,
    currency: currencySchema,
    reason: freeTextSchema.optional(),
  }),
  personalFields: ['reason'],
  subject: 'customerId',
});
