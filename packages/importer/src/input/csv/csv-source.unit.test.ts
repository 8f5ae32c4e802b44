import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Row } from '../rows.js';
import { csvSource } from './csv-source.js';
import { parseMapping } from './mapping.js';

const mapping = parseMapping(
  {
    fields: {
      id: 'id',
      type: { value: 'PurchaseRecorded' },
      customerId: 'customer',
      occurredAt: 'at',
      'data.orderId': 'order',
      'data.amount': { column: 'amount', as: 'decimal' },
    },
  },
  'mapping.json',
);

async function csvFile(text: string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'ctp-csv-')), 'input.csv');
  await writeFile(path, text);
  return path;
}

async function rowsOf(path: string): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const row of (await csvSource(path, mapping)).rows()) rows.push(row);
  return rows;
}

describe('csvSource', () => {
  it('maps records to facts and names bad rows by line, keeping row indexes dense', async () => {
    const path = await csvFile(
      '\uFEFFid,customer,at,order,amount\r\n' +
        'e1,C-1,2026-03-01T10:00:00Z,"SO-1, rush",10.50\r\n' +
        'e2,C-2,2026-03-01T10:00:00Z,SO-2\r\n' +
        'e3,C-3,2026-03-01T10:00:00Z,"SO-3\nsplit",oops\r\n' +
        'e4,C-4,2026-03-01T10:00:00Z,SO-"4",1\r\n',
    );
    const rows = await rowsOf(path);
    expect(rows.map((row) => [row.index, row.line, row.kind])).toEqual([
      [0, 2, 'fact'],
      [1, 3, 'invalid'],
      [2, 4, 'invalid'],
      [3, 6, 'invalid'],
    ]);
    expect(rows[0]).toMatchObject({ source: { order: 'SO-1, rush' }, fact: { id: 'e1', data: { orderId: 'SO-1, rush', amount: '10.50' } } });
    expect(rows[1]).toMatchObject({ reasons: [{ code: 'IMPORT_INVALID_CSV', message: 'the record has 4 field(s), the header 5' }] });
    expect(rows[2]).toMatchObject({ reasons: [{ code: 'IMPORT_MAPPING_FAILED', path: 'data.amount' }] });
    expect(rows[3]).toMatchObject({ reasons: [{ code: 'IMPORT_INVALID_CSV', message: expect.stringContaining('quote inside an unquoted field') }] });
    expect(await (await csvSource(path, mapping)).count()).toBe(4);
  });

  it('stops before sending anything when the header lacks a mapped column', async () => {
    const path = await csvFile('id,customer,at,order\ne1,C-1,2026-03-01T10:00:00Z,SO-1\n');
    await expect(csvSource(path, mapping)).rejects.toThrow('the mapping names column(s) amount that the header lacks');
    await expect(csvSource(await csvFile(''), mapping)).rejects.toThrow('a CSV input needs a header line');
  });
});
