import { describe, expect, it } from 'vitest';
import { eventRegistry } from './events/index.js';
import { createRegistry } from './registry.js';
import { noteV1, noteV3 } from './test-support/demo-events.js';
import { thrown } from './test-support/thrown.js';

const registry = createRegistry([noteV3]);


describe('registry lookups', () => {
  it('finds every version from the latest definition', () => {
    expect(registry.types).toEqual(['NoteTaken']);
    expect(registry.latest('NoteTaken').version).toBe(3);
    expect(registry.versions('NoteTaken').map((definition) => definition.version)).toEqual([1, 2, 3]);
    expect(registry.definition('NoteTaken', 1)).toBe(noteV1);
    expect(registry.ofCategory('customer')).toEqual([noteV3]);
  });

  it('names an unknown type clearly', () => {
    const error = thrown(() => eventRegistry.latest('CustomerDeleted'));
    expect(error.code).toBe('unknown_event_type');
    expect(error.message).toBe('unknown event type "CustomerDeleted"');
    expect(eventRegistry.has('CustomerDeleted')).toBe(false);
  });

  it('names an unknown version with the known range', () => {
    const error = thrown(() => registry.upcast('NoteTaken', 4, {}));
    expect(error.code).toBe('unknown_event_version');
    expect(error.message).toBe('NoteTaken has no schema version 4 (known: 1..3)');
    expect(thrown(() => registry.definition('NoteTaken', 0)).code).toBe('unknown_event_version');
  });

  it('refuses a type registered twice', () => {
    expect(thrown(() => createRegistry([noteV3, noteV1])).code).toBe('invalid_definition');
  });
});

describe('upcasting', () => {
  const v1 = { customerId: 'C-1', text: 'call after 6pm' };

  it('applies every upcaster from the stored version to the latest', () => {
    expect(registry.upcast('NoteTaken', 1, v1)).toEqual({
      version: 3,
      data: { customerId: 'C-1', topic: 'general', body: { text: 'call after 6pm' } },
    });
  });

  it('starts from the stored version', () => {
    const v2 = { ...v1, topic: 'billing' };
    expect(registry.upcast('NoteTaken', 2, v2).data).toEqual({ customerId: 'C-1', topic: 'billing', body: { text: v1.text } });
  });

  it('returns the latest version unchanged and never rewrites the stored data', () => {
    const stored = structuredClone(v1);
    registry.upcast('NoteTaken', 1, stored);
    expect(stored).toEqual(v1);
    const latest = { customerId: 'C-1', topic: 't', body: { text: 'x' } };
    expect(registry.upcast('NoteTaken', 3, latest)).toEqual({ version: 3, data: latest });
  });

  it('produces data the latest schema accepts', () => {
    const { version, data } = registry.upcast('NoteTaken', 1, v1);
    expect(() => registry.parseData('NoteTaken', version, data)).not.toThrow();
  });
});

describe('validation', () => {
  it('lists every invalid field', () => {
    const error = thrown(() => registry.parseData('NoteTaken', 2, { customerId: 7, extra: true }));
    expect(error.code).toBe('invalid_event_data');
    expect(error.issues.map((issue) => issue.path)).toEqual(['customerId', 'text', 'topic', '']);
  });
});
