import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, summaryNumbers } from './test-support/cli-process.js';
import { customerFacts, toNdjson, type Fact } from './test-support/facts.js';
import { freePort } from '@ctp/test-kit';
import { startPlatform, type Platform } from './test-support/services.js';
import { storedCountsById } from './test-support/stored-events.js';

const bodyLimitBytes = 100_000;

async function rejectsOf(path: string): Promise<Map<number, { row: unknown; fact?: unknown; reasons: { code: string; path: string; message: string }[] }>> {
  const lines = (await readFile(path, 'utf8')).trim().split('\n');
  return new Map(lines.map((line) => JSON.parse(line) as { line: number; row: unknown; reasons: [] }).map((entry) => [entry.line, entry]));
}

describe('ctp-import against intake', () => {
  let platform: Platform;
  let directory: string;
  beforeAll(async () => {
    platform = await startPlatform({ BODY_LIMIT_BYTES: String(bodyLimitBytes) });
    directory = await mkdtemp(join(tmpdir(), 'ctp-import-e2e-'));
  });
  afterAll(async () => platform?.stop());

  const env = () => ({ CTP_API_KEY: platform.keys.integrator! });

  it('imports a few thousand facts with requests in parallel, sets aside only the bad rows and names why', async () => {
    const facts = customerFacts(1_000, 2);
    const registrationsFirst = [...facts.filter((fact) => fact.type === 'CustomerRegistered'), ...facts.filter((fact) => fact.type !== 'CustomerRegistered')];
    expect(JSON.stringify({ events: facts.slice(0, 500) }).length).toBeGreaterThan(bodyLimitBytes);
    const purchase = facts[1]!;
    const bad: Record<string, Fact | string | Record<string, unknown>> = {
      notJson: '{"id": "broken",',
      amountAsNumber: { ...purchase, id: randomUUID(), data: { ...purchase.data, amount: 12.5 } },
      noId: { type: purchase.type, customerId: purchase.customerId, occurredAt: purchase.occurredAt, data: purchase.data },
      unknownType: { ...purchase, id: randomUUID(), type: 'CustomerTeleported' },
      localTime: { ...purchase, id: randomUUID(), occurredAt: '2025-03-01T10:00:00' },
      extraField: { ...purchase, id: randomUUID(), note: 'not a field' },
    };
    const lines: (Fact | string)[] = [...registrationsFirst];
    const lineOf: Record<string, number> = {};
    Object.entries(bad).forEach(([name, row], n) => {
      lines.splice(400 * (n + 1), 0, typeof row === 'string' ? row : JSON.stringify(row));
      lineOf[name] = 400 * (n + 1) + 1;
    });
    lines.push({ ...purchase, data: { ...purchase.data, amount: '1.00' } }, facts[2]!);
    lineOf.conflict = lines.length - 1;
    const input = join(directory, 'history.ndjson');
    await writeFile(input, toNdjson(lines));

    // every customer's facts span batches: only requests ordered per customer avoid unknown_customer
    const result = await runCli([input, '--url', platform.intake.baseUrl, '--concurrency', '4'], env());
    expect(result.code, result.stderr).toBe(2);
    const summary = summaryNumbers(result.stdout);
    expect(summary).toMatchObject({ 'rows read': 3_008, rejected: 7, retried: 0 });
    expect(summary).toMatchObject({ accepted: 3_000, duplicates: 1 });
    expect(result.stderr).toMatch(/^progress \d+\/3008 rows/m);
    expect(result.stdout).toMatch(/^read models +\S+: (caught up|[\d,]+ events behind)/m);
    expect(platform.intake.output()).toContain('CTP_PAYLOAD_TOO_LARGE');

    const rejects = await rejectsOf(`${input}.rejects.ndjson`);
    const reasonOf = (name: string) => rejects.get(lineOf[name]!)?.reasons.map(({ code, path }) => `${code} ${path}`);
    expect([...rejects.keys()]).toEqual(Object.values(lineOf));
    expect(reasonOf('notJson')).toEqual(['IMPORT_INVALID_JSON ']);
    expect(reasonOf('amountAsNumber')).toEqual(['CTP_VALIDATION_FAILED data.amount']);
    expect(reasonOf('noId')).toEqual(['CTP_VALIDATION_FAILED id']);
    expect(reasonOf('unknownType')).toEqual(['CTP_VALIDATION_FAILED type']);
    expect(reasonOf('localTime')).toEqual(['CTP_VALIDATION_FAILED occurredAt']);
    expect(reasonOf('extraField')).toEqual(['CTP_VALIDATION_FAILED ']);
    expect(rejects.get(lineOf.extraField!)?.reasons[0]?.message).toContain('note');
    expect(reasonOf('conflict')).toEqual(['CTP_CONFLICT id']);
    expect(rejects.get(lineOf.amountAsNumber!)?.row).toEqual(bad.amountAsNumber);

    const stored = await storedCountsById(platform.schema);
    expect(stored.size).toBe(3_000);
    expect(facts.every((fact) => stored.get(fact.id) === 1)).toBe(true);
  });

  it('imports CSV through a mapping, and a re-import finds every derived id already there', async () => {
    const rows = Array.from({ length: 200 }, (_, n) => `SO-${n},C-csv-${n % 40},2025-03-01 10:${String(n % 60).padStart(2, '0')},${n + 1}.50,online,"[{""sku"":""A-${n}"",""quantity"":1,""unitPrice"":""${n + 1}.50"",""amount"":""${n + 1}.50""}]",plain`);
    rows.splice(10, 0, 'SO-x1,C-csv-1,2025-03-01 10:00,"12,50",online,,"comma, ""quote""\nand a second line"');
    rows.splice(50, 0, 'SO-x2,C-csv-1,2025-03-01 10:00,1.00,online');
    rows.splice(100, 0, 'SO-x3,C-csv-1,2025-03-01 10:00,1.00,fax,,');
    const input = join(directory, 'orders.csv');
    await writeFile(input, `order_no,customer,paid_at,total,channel,lines,comment\r\n${rows.join('\r\n')}\r\n`);
    const mapping = join(directory, 'orders.mapping.json');
    const fields = {
      id: { uuidFrom: ['order_no'] },
      type: { value: 'PurchaseRecorded' },
      customerId: 'customer',
      occurredAt: { column: 'paid_at', as: 'datetime', offset: '+08:00' },
      'data.orderId': 'order_no',
      'data.amount': { column: 'total', as: 'decimal' },
      'data.currency': { value: 'CNY' },
      'data.channel': 'channel',
      'data.lines': { column: 'lines', as: 'json' },
    };
    await writeFile(mapping, JSON.stringify({ fields }));
    const args = [input, '--mapping', mapping, '--url', platform.intake.baseUrl, '--batch-size', '64'];
    const registrations = join(directory, 'registrations.ndjson');
    await writeFile(registrations, toNdjson(customerFacts(40, 0, 'C-csv')));
    expect((await runCli([registrations, '--url', platform.intake.baseUrl], env())).code).toBe(0);

    const first = await runCli(args, env());
    expect(first.code, first.stderr).toBe(2);
    expect(summaryNumbers(first.stdout)).toMatchObject({ 'rows read': 203, accepted: 200, duplicates: 0, rejected: 3 });
    const rejects = await rejectsOf(`${input}.rejects.ndjson`);
    expect([...rejects].map(([line, entry]) => [line, entry.reasons.map(({ code, path }) => `${code} ${path}`)])).toEqual([
      [12, ['IMPORT_MAPPING_FAILED data.amount']],
      [53, ['IMPORT_INVALID_CSV ']],
      [103, ['CTP_VALIDATION_FAILED data.channel']],
    ]);
    expect(rejects.get(103)).toMatchObject({ row: { order_no: 'SO-x3', channel: 'fax' }, fact: { type: 'PurchaseRecorded', data: { channel: 'fax' } } });

    const again = await runCli([...args, '--restart'], env());
    expect(summaryNumbers(again.stdout)).toMatchObject({ accepted: 0, duplicates: 200, rejected: 3 });
  });

  it('stops with exit code 1 and a clear message on a refused key or an unreachable intake', async () => {
    const input = join(directory, 'few.ndjson');
    await writeFile(input, toNdjson(customerFacts(2, 1)));
    const wrongKey = await runCli([input, '--url', platform.intake.baseUrl, '--key', 'ctp_wrong'], {});
    expect([wrongKey.code, wrongKey.stderr]).toEqual([1, expect.stringContaining('the API key was refused (401 CTP_UNAUTHENTICATED')]);
    const analyst = await runCli([input, '--url', platform.intake.baseUrl, '--restart'], { CTP_API_KEY: platform.keys.analyst! });
    expect([analyst.code, analyst.stderr]).toEqual([1, expect.stringContaining('(403 CTP_FORBIDDEN')]);
    const nobody = await runCli([input, '--url', `http://127.0.0.1:${await freePort()}`, '--max-retries', '1', '--restart'], env());
    expect([nobody.code, nobody.stderr]).toEqual([1, expect.stringMatching(/retrying in [\d.]+ s: connection failed[\s\S]*still failing after 2 attempt\(s\)/)]);
    expect(summaryNumbers(nobody.stdout)).toMatchObject({ 'rows read': 4, settled: 0 });
  });
});
