import { customerFactTypes, type CustomerFactType } from '@ctp/contracts';
import { describe, expect, it } from 'vitest';
import { fact, purchase, refund, registration } from '../test-support/intake-harness.js';
import { factBatchSchema, validateFacts, type Fact } from './fact-batch.js';
import { factDataJsonSchema } from './published-fact-data.js';
import { z } from 'zod';

const customerId = 'C-1001';
const evidence = { method: 'web_form', reference: 'form-7781', noticeVersion: '2025-01' };
const good: Record<CustomerFactType, Record<string, unknown>> = {
  CustomerRegistered: registration(customerId).data,
  CustomerProfileUpdated: { changes: { name: 'Li Na' } },
  CustomersMerged: { mergedAwayIds: ['C-2002'], matchedOn: ['phone'] },
  ConsentGranted: { purpose: 'survey', evidence },
  ConsentWithdrawn: { purpose: 'marketing', via: 'app' },
  PurchaseRecorded: purchase(customerId, 'SO-1', '12.50').data,
  PurchaseRefunded: refund(customerId, 'SO-1', '2.50').data,
  InteractionRecorded: { interactionId: 'IX-1', channel: 'phone', kind: 'complaint', direction: 'inbound' },
  CustomerErasureRequested: { requestId: 'ER-1', requestedVia: 'email' },
};

const check = (type: CustomerFactType, data: Record<string, unknown>) => validateFacts([fact(type, customerId, data) as Fact]);

describe('the published schema of a fact names the rules the server checks', () => {
  it('is one alternative per fact type, told apart by type, in the items of the batch', () => {
    const body: unknown = z.toJSONSchema(factBatchSchema, { io: 'input' });
    const alternatives = (body as { properties: { events: { items: { oneOf: { properties: { type: { const: string } } }[] } } } }).properties.events.items.oneOf;
    expect(alternatives.map((alternative) => alternative.properties.type.const)).toEqual([...customerFactTypes]);
  });

  it.each(customerFactTypes)('%s: the published data accepts the sample and requires exactly the fields the server requires', (type) => {
    expect(check(type, good[type]).issues).toEqual([]);
    const published = factDataJsonSchema(type);
    const required = new Set(published.required);
    expect(Object.keys(published.properties ?? {})).toEqual(expect.arrayContaining(Object.keys(good[type])));
    for (const field of Object.keys(good[type])) {
      const { [field]: _left, ...without } = good[type];
      const paths = check(type, without).issues.map((issue) => issue.path);
      if (required.has(field)) expect(paths, `${type} without ${field}`).toEqual([`body.events[0].data.${field}`]);
      else expect(paths, `${type} without ${field}`).toEqual([]);
    }
  });

  it.each(customerFactTypes)('%s: the subject is published as optional, and the server fills it from customerId', (type) => {
    const published = factDataJsonSchema(type);
    const subject = type === 'CustomersMerged' ? 'survivorId' : 'customerId';
    expect(published.properties?.[subject]).toBeDefined();
    expect(published.required).not.toContain(subject);
    expect(check(type, good[type]).valid[0]!.data[subject]).toBe(customerId);
  });
});
