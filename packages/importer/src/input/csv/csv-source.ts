import { createReadStream } from 'node:fs';
import { FatalError } from '../../errors.js';
import type { Row, RowSource } from '../rows.js';
import { applyMapping } from './apply-mapping.js';
import { CsvParser, type CsvRecord } from './csv-parser.js';
import { columnsOf, type Mapping } from './mapping.js';

async function* records(path: string, delimiter: string): AsyncGenerator<CsvRecord> {
  const parser = new CsvParser(delimiter);
  let first = true;
  for await (const chunk of createReadStream(path, { encoding: 'utf8' })) {
    yield* parser.push(first ? (chunk as string).replace(/^\uFEFF/, '') : (chunk as string));
    first = false;
  }
  yield* parser.end();
}

function checkHeader(record: CsvRecord | undefined, mapping: Mapping, path: string): string[] {
  if (!record) throw new FatalError(`${path} is empty: a CSV input needs a header line`);
  if (record.error) throw new FatalError(`${path} line ${record.line}: the header is not valid CSV: ${record.error}`);
  const header = record.fields.map((name) => name.trim());
  const repeated = header.filter((name, index) => header.indexOf(name) !== index);
  if (repeated.length > 0) throw new FatalError(`${path}: the header repeats column(s) ${repeated.join(', ')}`);
  const missing = columnsOf(mapping).filter((column) => !header.includes(column));
  if (missing.length > 0) {
    throw new FatalError(`${path}: the mapping names column(s) ${missing.join(', ')} that the header lacks (it has ${header.join(', ')})`);
  }
  return header;
}

function toRow(record: CsvRecord, header: readonly string[], mapping: Mapping, index: number): Row {
  const base = { index, line: record.line };
  if (record.error) {
    return { ...base, kind: 'invalid', source: record.fields, reasons: [{ code: 'IMPORT_INVALID_CSV', path: '', message: record.error }] };
  }
  if (record.fields.length !== header.length) {
    const message = `the record has ${record.fields.length} field(s), the header ${header.length}`;
    return { ...base, kind: 'invalid', source: record.fields, reasons: [{ code: 'IMPORT_INVALID_CSV', path: '', message }] };
  }
  const source = Object.fromEntries(header.map((name, column) => [name, record.fields[column]!]));
  const mapped = applyMapping(mapping, source);
  return 'fact' in mapped ? { ...base, kind: 'fact', source, fact: mapped.fact } : { ...base, kind: 'invalid', source, reasons: mapped.reasons };
}

/** CSV rows mapped to facts; the header is checked against the mapping before anything is sent. */
export async function csvSource(path: string, mapping: Mapping): Promise<RowSource> {
  let first: CsvRecord | undefined;
  for await (const record of records(path, mapping.delimiter)) {
    first = record;
    break;
  }
  checkHeader(first, mapping, path);
  return {
    async *rows() {
      let header: string[] | undefined;
      let index = 0;
      for await (const record of records(path, mapping.delimiter)) {
        if (header) yield toRow(record, header, mapping, index++);
        else header = checkHeader(record, mapping, path);
      }
      if (!header) checkHeader(undefined, mapping, path);
    },
    async count() {
      let count = -1;
      for await (const _record of records(path, mapping.delimiter)) count++;
      return Math.max(count, 0);
    },
  };
}
