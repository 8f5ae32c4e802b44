import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { text } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { parseCliArgs } from './args.js';
import { runCli } from './run.js';

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const [out, err] = [text(stdout), text(stderr)];
  const code = await runCli(argv, { stdout, stderr });
  stdout.end();
  stderr.end();
  return { code, stdout: await out, stderr: await err };
}

const base = ['--seed', '42', '--customers', '50', '--from', '2025-01-01', '--to', '2025-07-01'];

describe('generate CLI', () => {
  it('writes NDJSON to --out and prints counts per type', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'synthetic-')), 'history.ndjson');
    const { code, stdout } = await run([...base, '--out', file]);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(code).toBe(0);
    expect(JSON.parse(lines[0]!)).toMatchObject({ type: 'CustomerRegistered' });
    expect(stdout).toMatch(new RegExp(`total\\s+${lines.length}\\n`));
    expect(stdout).toMatch(/PurchaseRecorded\s+\d+/);
  });

  it('writes CSV to standard output and the report to standard error', async () => {
    const { code, stdout, stderr } = await run([...base, '--csv']);
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toBe('id,type,customerId,occurredAt,reference,amount,currency,channel,kind,purpose,data');
    expect(stderr).toMatch(/top 20% of buyers' share of revenue/);
  });

  it('explains bad arguments with exit code 2', async () => {
    const { code, stderr } = await run(['--seed', '1', '--customers', 'many', '--from', '2025-01-01', '--to', '2026-01-01']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--customers must be a number/);
    expect((await run(['--customers', '5'])).stderr).toMatch(/--seed is required/);
  });

  it('parses options, numeric seeds as numbers and other seeds as text', () => {
    const args = parseCliArgs([...base, '--time-zone', 'UTC', '--refund-rate', '0.1', '--facts-after-merge', '--out', '-']);
    expect(args).toMatchObject({ out: null, format: 'ndjson', options: { seed: 42, timeZone: 'UTC', refundRate: 0.1, factsAfterMerge: true } });
    expect(parseCliArgs(['--seed', 'spring', ...base.slice(2)]).options.seed).toBe('spring');
  });
});
