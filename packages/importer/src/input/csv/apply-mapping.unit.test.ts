import { describe, expect, it } from 'vitest';
import { FatalError } from '../../errors.js';
import { applyMapping } from './apply-mapping.js';
import { columnsOf, parseMapping } from './mapping.js';

const mapping = parseMapping(
  {
    fields: {
      id: { uuidFrom: ['order_no'] },
      type: { value: 'PurchaseRecorded' },
      customerId: 'customer',
      occurredAt: { column: 'paid_at', as: 'datetime', offset: '+08:00' },
      'data.orderId': 'order_no',
      'data.amount': { column: 'total', as: 'decimal' },
      'data.currency': { value: 'CNY' },
      'data.channel': 'channel',
      'data.lines': { column: 'lines', as: 'json' },
      'data.source.system': { value: 'erp' },
    },
  },
  'mapping.json',
);

const record = { order_no: 'SO-1', customer: 'C-1', paid_at: '2026-03-01 10:00:00', total: '1299.50', channel: 'online', lines: '' };

describe('applyMapping', () => {
  it('builds an intake fact: columns, constants, conversions, nested paths, derived id', () => {
    const mapped = applyMapping(mapping, record);
    expect(mapped).toEqual({
      fact: {
        id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
        type: 'PurchaseRecorded',
        customerId: 'C-1',
        occurredAt: '2026-03-01T10:00:00+08:00',
        data: { orderId: 'SO-1', amount: '1299.50', currency: 'CNY', channel: 'online', source: { system: 'erp' } },
      },
    });
    expect(applyMapping(mapping, { ...record, total: '1.00' })).toMatchObject({ fact: { id: (mapped as { fact: { id: string } }).fact.id } });
    expect(applyMapping(mapping, { ...record, order_no: 'SO-2' })).not.toMatchObject({ fact: { id: (mapped as { fact: { id: string } }).fact.id } });
  });

  it('names every bad field of a row by its target path', () => {
    expect(applyMapping(mapping, { ...record, customer: '', total: '12,5', lines: '[' })).toEqual({
      reasons: [
        { code: 'IMPORT_MAPPING_FAILED', path: 'customerId', message: 'column customer is empty' },
        { code: 'IMPORT_MAPPING_FAILED', path: 'data.amount', message: 'column total: "12,5" is not a decimal number like 1299.50' },
        { code: 'IMPORT_MAPPING_FAILED', path: 'data.lines', message: expect.stringContaining('column lines: not valid JSON') },
      ],
    });
    expect(applyMapping(mapping, { ...record, order_no: '' })).toMatchObject({ reasons: [{ path: 'id', message: 'column order_no is empty, so no id can be derived' }] });
  });

  it('lists the columns a mapping reads', () => {
    expect(columnsOf(mapping).sort()).toEqual(['channel', 'customer', 'lines', 'order_no', 'paid_at', 'total']);
  });

  it('refuses a mapping without the envelope fields or with bad targets', () => {
    const bad = () => parseMapping({ fields: { id: 'id', type: 'type', 'data.a': 'a', 'data.a.b': 'b', amount: 'x' } }, 'm.json');
    expect(bad).toThrow(FatalError);
    expect(bad).toThrow(/is required\s+→ at fields\.customerId/);
    expect(bad).toThrow(/parent of another mapped path\s+→ at fields\["data\.a"\]/);
    expect(bad).toThrow(/expected id, type, customerId, occurredAt or data\.<field path>\s+→ at fields\.amount/);
    const conversion = () => parseMapping({ fields: { 'data.c': { column: 'c', as: 'float' } } }, 'm.json');
    expect(conversion).toThrow(/"as" is one of string, integer, decimal, boolean, json, datetime\s+→ at fields\["data\.c"\]/);
  });
});
