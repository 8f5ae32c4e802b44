import { describe, expect, it } from 'vitest';
import {
  eraseEventPersonalFields,
  mapEventPersonalFields,
  personalFieldPaths,
  subjectOf,
} from './default-registry.js';
import { eventRegistry } from './events/index.js';
import { ERASED, MASKED, viewPersonalFields } from './personal-data.js';
import { schemaFields } from './schema-fields.js';
import { samples } from './test-support/samples.js';

describe('personal field paths', () => {
  it('lists the personal fields of a version', () => {
    expect(personalFieldPaths('CustomerRegistered', 1)).toEqual([
      'name',
      'email',
      'phone',
      'address.line1',
      'address.line2',
      'address.city',
      'address.postalCode',
      'source.externalId',
    ]);
    expect(personalFieldPaths('PurchaseRecorded', 2)).toEqual([]);
  });

  it('marks every free-text field of the catalogue as personal', () => {
    const freeText = eventRegistry.types.flatMap((type) =>
      eventRegistry.versions(type).flatMap((definition) =>
        schemaFields(definition.schema)
          .filter((field) => field.type === 'FreeText')
          .map((field) => ({ type, field: field.path, personal: definition.personalFields.includes(field.path) })),
      ),
    );
    expect(freeText.filter(({ personal }) => !personal)).toEqual([]);
    expect(freeText.length).toBeGreaterThanOrEqual(5);
  });

  it('transforms present personal strings only, on a copy', () => {
    const data = { ...samples.CustomerRegistered, email: undefined };
    const encrypt = (value: string, path: string) => `enc(${path}:${value.length})`;
    const encrypted = mapEventPersonalFields('CustomerRegistered', 1, data, encrypt);
    expect(encrypted).toMatchObject({ name: 'enc(name:6)', phone: 'enc(phone:14)', email: undefined });
    expect(encrypted.address).toMatchObject({ line1: 'enc(address.line1:17)', region: 'Shanghai', country: 'CN' });
    expect(encrypted.address).not.toHaveProperty('line2');
    expect(data.name).toBe('Li Wei');
  });

  it('erases personal fields and skips nulls', () => {
    const erased = eraseEventPersonalFields('CustomerProfileUpdated', 1, samples.CustomerProfileUpdated);
    expect(erased.changes).toMatchObject({ email: null, address: { line1: ERASED, line2: ERASED, country: 'CN' } });
  });

  it('refuses a personal field holding something other than a string', () => {
    expect(() => eraseEventPersonalFields('PurchaseRefunded', 1, { reason: 42 })).toThrow(/holds a number/);
  });
});

describe('subject of an event', () => {
  it('finds the customer who owns the personal data', () => {
    expect(subjectOf('InteractionRecorded', 2, samples.InteractionRecorded)).toBe('C-1001');
    expect(subjectOf('CustomersMerged', 1, samples.CustomersMerged)).toBe('C-1001');
  });

  it('is null for events about no customer', () => {
    expect(subjectOf('TierPolicyVersionPublished', 1, samples.TierPolicyVersionPublished)).toBeNull();
  });

  it('fails loudly when the subject is missing', () => {
    expect(() => subjectOf('TierAssigned', 1, {})).toThrow('TierAssigned v1 data has no subject at customerId');
  });

  it('is declared for every type that has personal fields', () => {
    const missing = eventRegistry.types
      .flatMap((type) => eventRegistry.versions(type))
      .filter((definition) => definition.personalFields.length > 0 && definition.subject === null);
    expect(missing).toEqual([]);
  });
});

describe('viewPersonalFields', () => {
  const data = { customerId: 'C-1', name: 'Li Wei', email: ERASED, note: null };
  it('reveals present fields in clear and lists them', () => {
    expect(viewPersonalFields(data, ['name', 'email', 'note'], true)).toEqual({ data, revealed: ['name'] });
  });
  it('masks them otherwise, leaving erased fields erased', () => {
    expect(viewPersonalFields(data, ['name', 'email', 'note'], false)).toEqual({ data: { ...data, name: MASKED }, revealed: [] });
  });
});
