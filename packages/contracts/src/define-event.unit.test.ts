import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { defineEvent } from './define-event.js';
import { noteV1, noteV2 } from './test-support/demo-events.js';

const schema = z.strictObject({ customerId: z.string(), count: z.int(), text: z.string().optional() });
const base = { type: 'Counted', category: 'customer', version: 1, description: 'x', schema } as const;

describe('defineEvent', () => {
  it('keeps the declaration', () => {
    const definition = defineEvent({ ...base, personalFields: ['text'], subject: 'customerId' });
    expect(definition).toMatchObject({ type: 'Counted', version: 1, personalFields: ['text'], previous: null });
  });

  it.each([
    [{ personalFields: ['missing'], subject: 'customerId' }, 'personal field missing is not a string field'],
    [{ personalFields: ['count'], subject: 'customerId' }, 'personal field count is not a string field'],
    [{ personalFields: ['text', 'text'], subject: 'customerId' }, 'personalFields repeat a path'],
    [{ personalFields: ['text'], subject: null }, 'an event with personal fields needs a subject'],
    [{ personalFields: [], subject: 'text' }, 'subject text is not a required string field'],
  ])('rejects %j', (spec, message) => {
    expect(() => defineEvent({ ...base, ...spec })).toThrow(message);
  });

  it('rejects broken version chains', () => {
    const upcast = () => ({ customerId: 'C-1', count: 1 });
    const v2 = { ...base, type: 'NoteTaken', personalFields: [], subject: null };
    expect(() => defineEvent({ ...v2, version: 2 })).toThrow('needs upcastFrom v1');
    expect(() => defineEvent({ ...v2, version: 3, upcastFrom: { previous: noteV1, change: '', upcast } })).toThrow(
      'upcastFrom must be NoteTaken v2, got NoteTaken v1',
    );
    expect(() => defineEvent({ ...v2, version: 1, upcastFrom: { previous: noteV1, change: '', upcast } })).toThrow(
      'version 1 cannot upcast',
    );
    expect(() =>
      defineEvent({ ...v2, category: 'tier', version: 3, upcastFrom: { previous: noteV2, change: '', upcast } }),
    ).toThrow('category cannot change');
  });
});
