import { PassThrough } from 'node:stream';
import { text } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { history } from '../test-support/history.js';
import { csvColumns, toCsv } from './csv.js';
import { toNdjson } from './ndjson.js';

async function written(write: (sink: PassThrough) => Promise<unknown>): Promise<string> {
  const sink = new PassThrough();
  const body = text(sink);
  await write(sink);
  sink.end();
  return body;
}

describe('writers', () => {
  const facts = history({ customers: 100 });

  it('writes one parseable fact per line and counts each type', async () => {
    let counts;
    const body = await written(async (sink) => (counts = await toNdjson(facts, sink)));
    const lines = body.trimEnd().split('\n');
    expect(lines.map((line) => JSON.parse(line))).toEqual(facts);
    expect(counts!.CustomerRegistered).toBe(facts.filter((fact) => fact.type === 'CustomerRegistered').length);
  });

  it('writes CSV with a header, quoted fields and the data as JSON', async () => {
    const body = await written((sink) => toCsv(facts, sink));
    const [header, first] = body.split('\n');
    expect(header).toBe(csvColumns.join(','));
    expect(first).toMatch(/^[0-9a-f-]{36},CustomerRegistered,C-[0-9A-Z]{12},[^,]+,(erp|crm):(ERP|CRM)-\d{8},,,,(person|organisation),,"\{""kind""/);
    expect(body.trimEnd().split('\n')).toHaveLength(facts.length + 1);
  });
});
