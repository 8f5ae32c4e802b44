import { describe, expect, it } from 'vitest';
import { customerIdParamsSchema } from './route-params.js';

describe('the customer id of every /v1/customers/{customerId} route', () => {
  it.each(['a b', '_ab', 'a+b', 'café', '客户', '\0', '', 'a'.repeat(101)])('refuses %j, naming customerId', (customerId) => {
    const parsed = customerIdParamsSchema.safeParse({ customerId });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.path)).toEqual([['customerId']]);
  });

  it.each(['0', 'C-1', 'crm:42_a.b', 'a'.repeat(100)])('accepts %j', (customerId) => {
    expect(customerIdParamsSchema.parse({ customerId })).toEqual({ customerId });
  });
});
